import type { Migration } from './migration';

/**
 * Headers: each project's date-shift range (option 113107; days, never containing 0 so no
 * shifted date is a real one), each subject's offset within it (drawn once, then stable across
 * runs), and which subjects a study was written under (a study whose files carry two PatientIDs,
 * written with `--identity-conflict split`, gives both subjects mapping rows).
 */
export const migration004Headers: Migration = {
  version: 4,
  name: 'headers',
  up(db) {
    db.exec(`
      ALTER TABLE projects ADD COLUMN date_shift_min INTEGER NOT NULL DEFAULT -365 CHECK (date_shift_min BETWEEN -36500 AND 36500);
      ALTER TABLE projects ADD COLUMN date_shift_max INTEGER NOT NULL DEFAULT -1 CHECK (date_shift_max BETWEEN -36500 AND 36500);
      ALTER TABLE subjects ADD COLUMN date_offset_days INTEGER CHECK (date_offset_days IS NULL OR (date_offset_days <> 0 AND date_offset_days BETWEEN -36500 AND 36500));

      CREATE TABLE study_subjects (
        project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
        study_uid TEXT NOT NULL,
        subject_id TEXT NOT NULL,
        PRIMARY KEY (project_id, study_uid, subject_id),
        FOREIGN KEY (project_id, study_uid) REFERENCES studies (project_id, study_uid) ON DELETE CASCADE,
        FOREIGN KEY (project_id, subject_id) REFERENCES subjects (project_id, subject_id)
      ) WITHOUT ROWID;
      INSERT INTO study_subjects (project_id, study_uid, subject_id) SELECT project_id, study_uid, subject_id FROM studies;
    `);
  },
};
