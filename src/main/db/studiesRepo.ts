import type { AppDatabase } from './database';
import type { Project } from './projectsRepo';

/** A study's CT date as proposed by the caller. */
export interface StudyDateEntry {
  studyUid: string;
  /** The study's subject id (from assignSubjects). */
  subjectId: string;
  /** YYYYMMDD, or '' when the study has no date. */
  ctDate: string;
  /** The attribute the date came from (e.g. 'StudyDate'), null when none. */
  source: string | null;
}

/** The CT date recorded for a study. */
interface FrozenStudyDate {
  subjectId: string;
  ctDate: string;
  source: string | null;
}

/**
 * Records each study's CT date the first time it is seen and returns what is recorded. A study
 * already recorded keeps its date (and subject) whatever is proposed now, so a re-run or a later
 * batch never contradicts a mapping already handed out; the schema refuses updates as well.
 */
export function freezeStudyDates(
  db: AppDatabase,
  project: Pick<Project, 'id'>,
  entries: readonly StudyDateEntry[],
): Map<string, FrozenStudyDate> {
  const insert = db.statement(
    'INSERT OR IGNORE INTO studies (project_id, study_uid, subject_id, ct_date, ct_date_source) VALUES (?, ?, ?, ?, ?)',
  );
  const select = db.statement(
    'SELECT subject_id AS subjectId, ct_date AS ctDate, ct_date_source AS source FROM studies WHERE project_id = ? AND study_uid = ?',
  );
  const link = db.statement('INSERT OR IGNORE INTO study_subjects (project_id, study_uid, subject_id) VALUES (?, ?, ?)');
  return db.write(() => {
    const out = new Map<string, FrozenStudyDate>();
    for (const e of entries) {
      if (out.has(e.studyUid)) continue;
      if (insert.run(project.id, e.studyUid, e.subjectId, e.ctDate, e.source).changes === 1) link.run(project.id, e.studyUid, e.subjectId);
      out.set(e.studyUid, select.get(project.id, e.studyUid) as FrozenStudyDate);
    }
    return out;
  });
}

/**
 * Records a study's CT date anew (`--refreeze-dates`): the earlier record is replaced, keeping the
 * subjects it was written under. Rows are never updated (the schema forbids it): the old one is
 * deleted and the new one inserted in one transaction, so the mapping changes only on request.
 */
export function refreezeStudyDates(db: AppDatabase, project: Pick<Project, 'id'>, entries: readonly StudyDateEntry[]): void {
  const subjectsOf = db.statement('SELECT subject_id FROM study_subjects WHERE project_id = ? AND study_uid = ?').pluck();
  const remove = db.statement('DELETE FROM studies WHERE project_id = ? AND study_uid = ?');
  const insert = db.statement('INSERT INTO studies (project_id, study_uid, subject_id, ct_date, ct_date_source) VALUES (?, ?, ?, ?, ?)');
  const link = db.statement('INSERT OR IGNORE INTO study_subjects (project_id, study_uid, subject_id) VALUES (?, ?, ?)');
  db.write(() => {
    for (const e of entries) {
      const subjects = subjectsOf.all(project.id, e.studyUid) as string[];
      remove.run(project.id, e.studyUid);
      insert.run(project.id, e.studyUid, e.subjectId, e.ctDate, e.source);
      for (const s of new Set([e.subjectId, ...subjects])) link.run(project.id, e.studyUid, s);
    }
  });
}

/** Records that a study was written under each of these subjects (its mapping rows). Idempotent. */
export function linkStudySubjects(db: AppDatabase, project: Pick<Project, 'id'>, pairs: readonly { studyUid: string; subjectId: string }[]): void {
  const link = db.statement('INSERT OR IGNORE INTO study_subjects (project_id, study_uid, subject_id) VALUES (?, ?, ?)');
  db.write(() => {
    for (const p of pairs) link.run(project.id, p.studyUid, p.subjectId);
  });
}
