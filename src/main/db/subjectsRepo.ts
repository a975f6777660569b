import { randomInt } from 'node:crypto';
import { err, ok, type Result } from '../../shared/result';
import type { AppDatabase } from './database';
import { DatabaseError } from './databaseError';
import type { Project } from './projectsRepo';

/** A patient to give a subject id: `mrnKey` identifies them within the project. */
interface SubjectEntry {
  /** The trimmed PatientID (with issuer when the project says so), or `study:<StudyInstanceUID>`. */
  mrnKey: string;
  /** The MRN as shown in the mapping; '' for study-keyed subjects. */
  mrn: string;
  /**
   * For an `issuer|MRN` key: the MRN alone. A subject imported under the MRN alone is bound to
   * this key (its first issuer) when this call sees no other issuer for the MRN.
   */
  bareKey?: string;
}

/** A pre-assigned subject id for an MRN, from an import file. */
export interface SubjectImportRow {
  subj: string;
  mrn: string;
  /** IssuerOfPatientID: with it the subject key is `issuer|MRN` (projects whose key has the issuer). */
  issuer?: string;
  /** A date offset carried over from another tool or database (option 113107). */
  dateOffsetDays?: number;
  /** Line in the import file, named in conflict messages. */
  line?: number;
}

/** One reason an import was refused. */
interface SubjectImportConflict {
  kind: 'invalid' | 'mrn-mapped' | 'subject-taken' | 'offset-differs';
  subj: string;
  mrn: string;
  line?: number;
  message: string;
}

/** The error of {@link importSubjects}: every conflict found, nothing changed. */
interface SubjectImportError {
  code: 'SUBJECT_IMPORT_CONFLICT';
  message: string;
  conflicts: SubjectImportConflict[];
}

/** Refuse new ids once more than this share of the id space is used: draws would mostly collide. */
const MAX_FILL = 0.9;
/** A subject id as imported: safe as a DICOM LO value and as a CSV cell (no formula start). */
const IMPORTED_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/**
 * Gives each entry its project subject id: known keys keep theirs; new keys get
 * `PREFIX-NNNNN`, a random number (crypto.randomInt) zero-padded to the project width, redrawn
 * on collision. One IMMEDIATE transaction, the UNIQUE constraints deciding collisions, so a
 * concurrent writer cannot hand out the same id. Throws `SUBJECT_SPACE_FULL` (nothing written)
 * when the new ids would fill more than 90% of the space, `SUBJECT_INVALID` for an empty key.
 */
export function assignSubjects(
  db: AppDatabase,
  project: Pick<Project, 'id' | 'name' | 'prefix' | 'width'>,
  entries: readonly SubjectEntry[],
): Map<string, string> {
  for (const e of entries) {
    if (e.mrnKey.length === 0) throw new DatabaseError('SUBJECT_INVALID', 'a subject key must not be empty');
  }
  const find = db.statement('SELECT subject_id FROM subjects WHERE project_id = ? AND mrn_key = ?').pluck();
  const insert = db.statement(
    'INSERT OR IGNORE INTO subjects (project_id, mrn_key, mrn, subject_id) VALUES (?, ?, ?, ?)',
  );
  const rebind = db.statement('UPDATE subjects SET mrn_key = ? WHERE project_id = ? AND mrn_key = ?');
  const countInSpace = db
    .statement("SELECT count(*) FROM subjects WHERE project_id = ? AND subject_id GLOB ? AND length(subject_id) = ?")
    .pluck();

  return db.write(() => {
    const result = new Map<string, string>();
    const fresh = new Map<string, SubjectEntry>();
    for (const e of entries) {
      if (result.has(e.mrnKey) || fresh.has(e.mrnKey)) continue;
      const known = find.get(project.id, e.mrnKey) as string | undefined;
      if (known === undefined) fresh.set(e.mrnKey, e);
      else result.set(e.mrnKey, known);
    }
    const issuersOfBare = new Map<string, number>();
    for (const e of entries) if (e.bareKey && e.bareKey !== e.mrnKey) issuersOfBare.set(e.bareKey, (issuersOfBare.get(e.bareKey) ?? 0) + 1);
    for (const e of [...fresh.values()]) {
      if (!e.bareKey || e.bareKey === e.mrnKey || issuersOfBare.get(e.bareKey) !== 1 || entries.some((x) => x.mrnKey === e.bareKey)) continue;
      const imported = find.get(project.id, e.bareKey) as string | undefined;
      if (imported === undefined) continue;
      rebind.run(e.mrnKey, project.id, e.bareKey);
      result.set(e.mrnKey, imported);
      fresh.delete(e.mrnKey);
    }
    if (fresh.size === 0) return result;

    const head = `${project.prefix}-`;
    const space = 10 ** project.width;
    const used = countInSpace.get(project.id, `${head}${'[0-9]'.repeat(project.width)}`, head.length + project.width) as number;
    if (used + fresh.size > MAX_FILL * space) {
      throw new DatabaseError(
        'SUBJECT_SPACE_FULL',
        `project "${project.name}": ${used} of ${space} ids ${head}${'N'.repeat(project.width)} are used and ` +
          `${fresh.size} more are needed; more than 90% would be used. Increase the width.`,
      );
    }
    for (const e of fresh.values()) {
      for (;;) {
        const id = head + String(randomInt(space)).padStart(project.width, '0');
        // The key is known to be new, so an ignored insert means the id was taken: draw again.
        if (insert.run(project.id, e.mrnKey, e.mrn, id).changes === 1) {
          result.set(e.mrnKey, id);
          break;
        }
      }
    }
    return result;
  });
}

/** Every subject of the project as mrnKey → subject id. */
export function listSubjects(db: AppDatabase, project: Pick<Project, 'id'>): Map<string, string> {
  const rows = db
    .statement('SELECT mrn_key, subject_id FROM subjects WHERE project_id = ? ORDER BY subject_id')
    .raw()
    .all(project.id) as [string, string][];
  return new Map(rows);
}

/**
 * Records pre-assigned subject ids (as CTP and the RSNA Anonymizer allow), keyed by the trimmed
 * MRN. All or nothing: when an MRN already maps to another id, an id already belongs to another
 * MRN (in the project or earlier in `rows`), or an id is malformed, every conflict is reported
 * and nothing is written. A pair already present, or repeated, counts as unchanged.
 */
export function importSubjects(
  db: AppDatabase,
  project: Pick<Project, 'id'>,
  rows: readonly SubjectImportRow[],
): Result<{ added: number; unchanged: number }, SubjectImportError> {
  const byKey = db.statement('SELECT subject_id FROM subjects WHERE project_id = ? AND mrn_key = ?').pluck();
  const bySubject = db.statement('SELECT mrn_key FROM subjects WHERE project_id = ? AND subject_id = ?').pluck();
  const insert = db.statement('INSERT INTO subjects (project_id, mrn_key, mrn, subject_id, date_offset_days) VALUES (?, ?, ?, ?, ?)');
  const offsetOf = db.statement('SELECT date_offset_days FROM subjects WHERE project_id = ? AND subject_id = ?').pluck();
  const setOffset = db.statement('UPDATE subjects SET date_offset_days = ? WHERE project_id = ? AND subject_id = ? AND date_offset_days IS NULL');

  return db.write(() => {
    const conflicts: SubjectImportConflict[] = [];
    const subjectOfKey = new Map<string, string>();
    const keyOfSubject = new Map<string, string>();
    const toAdd: { key: string; mrn: string; subj: string; offset: number | null }[] = [];
    const offsets: { subj: string; offset: number }[] = [];
    let unchanged = 0;
    const conflict = (kind: SubjectImportConflict['kind'], row: SubjectImportRow, why: string): void => {
      const where = row.line === undefined ? '' : `line ${row.line}: `;
      conflicts.push({ kind, subj: row.subj, mrn: row.mrn, line: row.line, message: `${where}${why}` });
    };

    for (const row of rows) {
      const mrn = row.mrn.trim();
      const issuer = row.issuer?.trim() ?? '';
      const key = issuer && mrn ? `${issuer}|${mrn}` : mrn;
      const subj = row.subj.trim();
      const offset = row.dateOffsetDays;
      if (mrn === '' || !IMPORTED_ID.test(subj)) {
        conflict('invalid', row, mrn === '' ? 'the MRN is empty' : `subject id "${row.subj}" is not a valid id`);
        continue;
      }
      if (offset !== undefined && (!Number.isInteger(offset) || offset === 0 || Math.abs(offset) > 36500)) {
        conflict('invalid', row, `date offset ${offset} must be a whole, non-zero number of days within ±36500`);
        continue;
      }
      const storedOffset = offsetOf.get(project.id, subj) as number | null | undefined;
      if (offset !== undefined && storedOffset !== undefined && storedOffset !== null && storedOffset !== offset) {
        conflict('offset-differs', row, `subject ${subj} already has date offset ${storedOffset}, not ${offset}`);
        continue;
      }
      const mappedTo = subjectOfKey.get(key) ?? (byKey.get(project.id, key) as string | undefined);
      const ownedBy = keyOfSubject.get(subj) ?? (bySubject.get(project.id, subj) as string | undefined);
      if (mappedTo === subj && ownedBy === key) {
        // Counted once however often the pair repeats (a mapping CSV lists a subject per CT date).
        if (!subjectOfKey.has(key)) unchanged++;
      } else if (mappedTo !== undefined && mappedTo !== subj) {
        conflict('mrn-mapped', row, `MRN ${key} is already subject ${mappedTo}, not ${subj}`);
        continue;
      } else if (ownedBy !== undefined && ownedBy !== key) {
        conflict('subject-taken', row, `subject ${subj} already belongs to another MRN`);
        continue;
      } else {
        toAdd.push({ key, mrn, subj, offset: offset ?? null });
      }
      if (offset !== undefined && mappedTo === subj) offsets.push({ subj, offset });
      subjectOfKey.set(key, subj);
      keyOfSubject.set(subj, key);
    }

    if (conflicts.length > 0) {
      const shown = conflicts.slice(0, 20).map((c) => c.message);
      if (conflicts.length > shown.length) shown.push(`… and ${conflicts.length - shown.length} more`);
      return err({
        code: 'SUBJECT_IMPORT_CONFLICT',
        message: `subject import refused, nothing changed: ${shown.join('; ')}`,
        conflicts,
      });
    }
    for (const a of toAdd) insert.run(project.id, a.key, a.mrn, a.subj, a.offset);
    for (const o of offsets) setOffset.run(o.offset, project.id, o.subj);
    return ok({ added: toAdd.length, unchanged });
  });
}

/**
 * The date offset (option 113107) of each subject in `subjectIds`: a subject without one gets a
 * random whole number of days within the project's range (crypto.randomInt), stored, so every
 * later run shifts that subject's dates by the same amount.
 */
export function dateOffsets(
  db: AppDatabase,
  project: Pick<Project, 'id' | 'dateShift'>,
  subjectIds: Iterable<string>,
): Map<string, number> {
  const get = db.statement('SELECT date_offset_days FROM subjects WHERE project_id = ? AND subject_id = ?').pluck();
  const set = db.statement('UPDATE subjects SET date_offset_days = ? WHERE project_id = ? AND subject_id = ? AND date_offset_days IS NULL');
  const wanted = [...new Set(subjectIds)];
  return db.write(() => {
    const out = new Map<string, number>();
    for (const id of wanted) {
      let offset = get.get(project.id, id) as number | null | undefined;
      if (offset === undefined) throw new DatabaseError('SUBJECT_INVALID', `no subject ${id} in the project`);
      if (offset === null) {
        offset = randomInt(project.dateShift.min, project.dateShift.max + 1);
        set.run(offset, project.id, id);
      }
      out.set(id, offset);
    }
    return out;
  });
}

/** Every project's subject that carries the id `subjectId`, with its MRN key and MRN. */
export function findSubjectsById(db: AppDatabase, subjectId: string): { projectId: number; mrnKey: string; mrn: string }[] {
  return db.statement('SELECT project_id AS projectId, mrn_key AS mrnKey, mrn FROM subjects WHERE subject_id = ?').all(subjectId) as { projectId: number; mrnKey: string; mrn: string }[];
}
