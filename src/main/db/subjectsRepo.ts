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
}

/** A pre-assigned subject id for an MRN, from an import file. */
export interface SubjectImportRow {
  subj: string;
  mrn: string;
  /** Line in the import file, named in conflict messages. */
  line?: number;
}

/** One reason an import was refused. */
interface SubjectImportConflict {
  kind: 'invalid' | 'mrn-mapped' | 'subject-taken';
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
  const insert = db.statement('INSERT INTO subjects (project_id, mrn_key, mrn, subject_id) VALUES (?, ?, ?, ?)');

  return db.write(() => {
    const conflicts: SubjectImportConflict[] = [];
    const subjectOfKey = new Map<string, string>();
    const keyOfSubject = new Map<string, string>();
    const toAdd: { key: string; subj: string }[] = [];
    let unchanged = 0;
    const conflict = (kind: SubjectImportConflict['kind'], row: SubjectImportRow, why: string): void => {
      const where = row.line === undefined ? '' : `line ${row.line}: `;
      conflicts.push({ kind, subj: row.subj, mrn: row.mrn, line: row.line, message: `${where}${why}` });
    };

    for (const row of rows) {
      const key = row.mrn.trim();
      const subj = row.subj.trim();
      if (key === '' || !IMPORTED_ID.test(subj)) {
        conflict('invalid', row, key === '' ? 'the MRN is empty' : `subject id "${row.subj}" is not a valid id`);
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
        toAdd.push({ key, subj });
      }
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
    for (const a of toAdd) insert.run(project.id, a.key, a.key, a.subj);
    return ok({ added: toAdd.length, unchanged });
  });
}

/** Every project's subject that carries the id `subjectId`, with its MRN key and MRN. */
export function findSubjectsById(db: AppDatabase, subjectId: string): { projectId: number; mrnKey: string; mrn: string }[] {
  return db.statement('SELECT project_id AS projectId, mrn_key AS mrnKey, mrn FROM subjects WHERE subject_id = ?').all(subjectId) as { projectId: number; mrnKey: string; mrn: string }[];
}
