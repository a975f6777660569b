import { projectSecret } from '../../db/projectSecrets';
import type { AppDatabase } from '../../db/database';
import { listMappingRows, listPatientIdMapping, listProjectUids } from '../../db/mappingRepo';
import { createUidRemapper } from '../../deid/uidRemap';
import type { Project } from '../../db/projectsRepo';
import type { SubjectImportRow } from '../../db/subjectsRepo';
import { type AppError, err, ok, type Result } from '../../../shared/result';
import { shiftDate } from '../../deid/dateShift';
import { CsvError, parseCsvRecords, toCsv, unguardCsvField, writeFileAtomic } from '../../files/atomicFile';

/** The mapping CSV header, as downstream scripts expect it; date shifting adds two columns. */
const MAPPING_HEADER = ['subj', 'MRN', 'CT_date'] as const;
const SHIFT_COLUMNS = ['shifted_CT_date', 'date_offset_days'] as const;

/**
 * Writes the project's cumulative subject ↔ MRN ↔ CT date mapping to `file` atomically (mode
 * 0600: it re-identifies subjects). CT_date is the real date (the mapping stays in the hospital);
 * with `shifted` (option 113107) each row also has the date as written and the subject's offset.
 * Returns the number of data rows.
 */
export function writeMappingCsv(db: AppDatabase, project: Pick<Project, 'id'>, file: string, opts: { shifted?: boolean } = {}): number {
  const rows = listMappingRows(db, project);
  if (!opts.shifted) {
    writeFileAtomic(file, toCsv([...MAPPING_HEADER], rows.map((r) => [r.subj, r.mrn, r.ctDate])));
    return rows.length;
  }
  const shiftedOf = (r: (typeof rows)[number]): string => (r.ctDate && r.dateOffsetDays !== null ? (shiftDate(r.ctDate, r.dateOffsetDays) ?? '') : '');
  writeFileAtomic(
    file,
    toCsv([...MAPPING_HEADER, ...SHIFT_COLUMNS], rows.map((r) => [r.subj, r.mrn, r.ctDate, shiftedOf(r), r.dateOffsetDays === null ? '' : String(r.dateOffsetDays)])),
  );
  return rows.length;
}

/** The CBIIT MIDI-B validation scorer's mapping header (`uid_mapping_file`, `patid_mapping_file`). */
const SCORER_HEADER = ['id_old', 'id_new'] as const;

/**
 * Writes the old → new UID mapping of the project's recorded studies (every study, series,
 * instance and frame-of-reference UID in the index) in the scorer's `id_old,id_new` format. New
 * UIDs are the keyed remapping the writer applies (unchanged under 113110). Returns the rows.
 */
export function writeUidMappingCsv(db: AppDatabase, project: Pick<Project, 'id' | 'name' | 'options'>, file: string): number {
  const remap = project.options.includes('113110') ? (u: string) => u : createUidRemapper(projectSecret(db, project));
  const uids = listProjectUids(db, project);
  writeFileAtomic(file, toCsv([...SCORER_HEADER], uids.map((u) => [u, remap(u)])));
  return uids.length;
}

/** Writes the old PatientID (MRN) → new PatientID (subject id) mapping in the scorer's format. Returns the rows. */
export function writePatientIdMappingCsv(db: AppDatabase, project: Pick<Project, 'id'>, file: string): number {
  const rows = listPatientIdMapping(db, project);
  writeFileAtomic(file, toCsv([...SCORER_HEADER], rows.map((r) => [r.mrn, r.subj])));
  return rows.length;
}

/** Why a subject import CSV was refused. */
export type SubjectCsvErrorCode = 'CSV_PARSE' | 'CSV_HEADER' | 'CSV_ROW';

/**
 * Reads pre-assigned subject ids from CSV text whose header has `subj` and `MRN` columns (any
 * case, any order, other columns ignored, so a mapping CSV can be imported back). Optional
 * columns: `issuer` (IssuerOfPatientID, part of the key in projects that key by issuer) and
 * `date_offset_days` (a subject's 113107 offset, as the mapping CSV writes it). Undoes the
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
  const issuerCol = names.indexOf('issuer');
  const offsetCol = names.indexOf('date_offset_days');
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
    const issuer = issuerCol < 0 ? '' : unguardCsvField(record.fields[issuerCol] ?? '').trim();
    const offsetText = offsetCol < 0 ? '' : unguardCsvField(record.fields[offsetCol] ?? '').trim();
    const offset = offsetText === '' ? undefined : Number(offsetText);
    if (subj === '') problems.push(`line ${record.line}: subj is empty`);
    else if (mrn === '') problems.push(`line ${record.line}: MRN is empty`);
    else if (offset !== undefined && !Number.isInteger(offset)) problems.push(`line ${record.line}: date_offset_days "${offsetText}" is not a whole number of days`);
    else rows.push({ subj, mrn, line: record.line, ...(issuer ? { issuer } : {}), ...(offset !== undefined ? { dateOffsetDays: offset } : {}) });
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 20);
    if (problems.length > shown.length) shown.push(`… and ${problems.length - shown.length} more`);
    return err({ code: 'CSV_ROW', message: shown.join('; ') });
  }
  return ok(rows);
}
