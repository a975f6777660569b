import type { AppDatabase } from './database';
import type { Project } from './projectsRepo';

/** One line of the mapping CSV: a subject on one CT date. */
interface MappingRow {
  subj: string;
  mrn: string;
  ctDate: string;
  /** The subject's date offset (option 113107), null when none was drawn. */
  dateOffsetDays: number | null;
}

/**
 * The project's cumulative mapping: one row per subject and distinct CT date over every study
 * ever recorded, under each subject the study was written for (a study split between two
 * PatientIDs gives both), sorted by subject id then date. Subjects with no recorded study
 * (imported ids not yet used) have no date and are left out.
 */
export function listMappingRows(db: AppDatabase, project: Pick<Project, 'id'>): MappingRow[] {
  return db
    .statement(
      `SELECT DISTINCT s.subject_id AS subj, s.mrn AS mrn, st.ct_date AS ctDate, s.date_offset_days AS dateOffsetDays
       FROM study_subjects ss
       JOIN studies st ON st.project_id = ss.project_id AND st.study_uid = ss.study_uid
       JOIN subjects s ON s.project_id = ss.project_id AND s.subject_id = ss.subject_id
       WHERE ss.project_id = ?
       ORDER BY s.subject_id, st.ct_date`,
    )
    .all(project.id) as MappingRow[];
}

/** Every subject of the project with at least one study, as old PatientID (MRN) → new PatientID (subject id). */
export function listPatientIdMapping(db: AppDatabase, project: Pick<Project, 'id'>): { mrn: string; subj: string }[] {
  return db
    .statement(
      `SELECT DISTINCT s.mrn AS mrn, s.subject_id AS subj FROM study_subjects ss
       JOIN subjects s ON s.project_id = ss.project_id AND s.subject_id = ss.subject_id
       WHERE ss.project_id = ? AND s.mrn <> '' ORDER BY s.subject_id`,
    )
    .all(project.id) as { mrn: string; subj: string }[];
}

/**
 * Every UID the index holds for the project's recorded studies (study, series, instance, frame
 * of reference), distinct and sorted: the old side of an old → new UID mapping.
 */
export function listProjectUids(db: AppDatabase, project: Pick<Project, 'id'>): string[] {
  return db
    .statement(
      `SELECT f.study_uid FROM files f JOIN studies st ON st.study_uid = f.study_uid AND st.project_id = ?
       UNION SELECT f.series_uid FROM files f JOIN studies st ON st.study_uid = f.study_uid AND st.project_id = ?
         UNION SELECT f.sop_instance_uid FROM files f JOIN studies st ON st.study_uid = f.study_uid AND st.project_id = ?
         UNION SELECT f.frame_of_reference_uid FROM files f JOIN studies st ON st.study_uid = f.study_uid AND st.project_id = ?
       ORDER BY 1`,
    )
    .pluck()
    .all(project.id, project.id, project.id, project.id)
    .filter((u): u is string => typeof u === 'string' && u !== '');
}
