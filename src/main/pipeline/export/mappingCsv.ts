import type { AppDatabase } from '../../db/database';
import { listMappingRows } from '../../db/mappingRepo';
import type { Project } from '../../db/projectsRepo';
import type { SubjectImportRow } from '../../db/subjectsRepo';
import { type AppError, err, ok, type Result } from '../../../shared/result';
import { CsvError, parseCsvRecords, toCsv, unguardCsvField, writeFileAtomic } from '../../files/atomicFile';

/** The mapping CSV header, as downstream scripts expect it. */
const MAPPING_HEADER = ['subj', 'MRN', 'CT_date'] as const;

/**
 * Writes the project's cumulative subject ↔ MRN ↔ CT date mapping to `file` atomically (mode
 * 0600: it re-identifies subjects). Returns the number of data rows.
 */
export function writeMappingCsv(db: AppDatabase, project: Pick<Project, 'id'>, file: string): number {
  const rows = listMappingRows(db, project);
  writeFileAtomic(file, toCsv([...MAPPING_HEADER], rows.map((r) => [r.subj, r.mrn, r.ctDate])));
  return rows.length;
}

/** Why a subject import CSV was refused. */
export type SubjectCsvErrorCode = 'CSV_PARSE' | 'CSV_HEADER' | 'CSV_ROW';

/**
 * Reads pre-assigned subject ids from CSV text whose header has `subj` and `MRN` columns (any
 * case, any order, other columns ignored, so a mapping CSV can be imported back). Undoes the
 * formula guard of our writer and trims values. Errors (`CSV_PARSE`, `CSV_HEADER`, `CSV_ROW`)
 * name the offending lines.
 */
export function readSubjectImportCsv(text: string): Result<SubjectImportRow[], AppError<SubjectCsvErrorCode>> {
  let records;
  try {
    records = parseCsvRecords(text);
  } catch (error) {
    if (error instanceof CsvError) return err({ code: error.code, message: error.message });
    throw error;
  }
  const [header, ...data] = records;
  if (header === undefined) return err({ code: 'CSV_HEADER', message: 'the file is empty; expected a header with subj and MRN' });
  const names = header.fields.map((f) => unguardCsvField(f).trim().toLowerCase());
  const subjCol = names.indexOf('subj');
  const mrnCol = names.indexOf('mrn');
  if (subjCol < 0 || mrnCol < 0) {
    return err({
      code: 'CSV_HEADER',
      message: `line ${header.line}: the header must have subj and MRN columns (found: ${header.fields.join(', ')})`,
    });
  }

  const rows: SubjectImportRow[] = [];
  const problems: string[] = [];
  for (const record of data) {
    const subj = unguardCsvField(record.fields[subjCol] ?? '').trim();
    const mrn = unguardCsvField(record.fields[mrnCol] ?? '').trim();
    if (subj === '' && mrn === '' && record.fields.every((f) => f.trim() === '')) continue;
    if (subj === '') problems.push(`line ${record.line}: subj is empty`);
    else if (mrn === '') problems.push(`line ${record.line}: MRN is empty`);
    else rows.push({ subj, mrn, line: record.line });
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 20);
    if (problems.length > shown.length) shown.push(`… and ${problems.length - shown.length} more`);
    return err({ code: 'CSV_ROW', message: shown.join('; ') });
  }
  return ok(rows);
}
