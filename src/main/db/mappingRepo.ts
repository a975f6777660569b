import type { AppDatabase } from './database';
import type { Project } from './projectsRepo';

/** One line of the mapping CSV: a subject on one CT date. */
interface MappingRow {
  subj: string;
  mrn: string;
  ctDate: string;
}

/**
 * The project's cumulative mapping: one row per subject and distinct CT date over every study
 * ever recorded, sorted by subject id then date. Subjects with no recorded study (imported ids
 * not yet used) have no date and are left out.
 */
export function listMappingRows(db: AppDatabase, project: Pick<Project, 'id'>): MappingRow[] {
  return db
    .statement(
      `SELECT DISTINCT s.subject_id AS subj, s.mrn AS mrn, st.ct_date AS ctDate
       FROM studies st JOIN subjects s ON s.project_id = st.project_id AND s.subject_id = st.subject_id
       WHERE st.project_id = ?
       ORDER BY s.subject_id, st.ct_date`,
    )
    .all(project.id) as MappingRow[];
}
