import type { AppDatabase } from './database';
import type { Project } from './projectsRepo';

/** A study's CT date as proposed by the caller. */
interface StudyDateEntry {
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
  return db.write(() => {
    const out = new Map<string, FrozenStudyDate>();
    for (const e of entries) {
      if (out.has(e.studyUid)) continue;
      insert.run(project.id, e.studyUid, e.subjectId, e.ctDate, e.source);
      out.set(e.studyUid, select.get(project.id, e.studyUid) as FrozenStudyDate);
    }
    return out;
  });
}
