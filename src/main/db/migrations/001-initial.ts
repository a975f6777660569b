import type { Migration } from './migration';

/**
 * The scan index (`files`), projects with their HMAC secret and options, the subject id map,
 * frozen per-study CT dates, and the run log.
 */
export const migration001Initial: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE files (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        size INTEGER,
        mtime_ms INTEGER,
        kind TEXT NOT NULL CHECK (kind IN ('dicom', 'dicomdir', 'non-dicom', 'error')),
        reason TEXT,
        scanned_at TEXT,
        sop_class_uid TEXT,
        sop_instance_uid TEXT,
        study_uid TEXT,
        series_uid TEXT,
        frame_of_reference_uid TEXT,
        modality TEXT,
        series_number TEXT,
        instance_number TEXT,
        specific_character_set TEXT,
        patient_id TEXT,
        issuer_of_patient_id TEXT,
        patient_name TEXT,
        patient_birth_date TEXT,
        other_patient_ids TEXT,
        accession_number TEXT,
        study_date TEXT,
        series_date TEXT,
        acquisition_date TEXT,
        content_date TEXT,
        acquisition_datetime TEXT,
        image_type TEXT,
        manufacturer TEXT,
        manufacturer_model TEXT,
        rows INTEGER,
        columns INTEGER,
        number_of_frames INTEGER,
        bits_allocated INTEGER,
        bits_stored INTEGER,
        photometric TEXT,
        transfer_syntax TEXT,
        burned_in_annotation TEXT,
        overlay_groups TEXT CHECK (overlay_groups IS NULL OR json_type(overlay_groups) = 'array'),
        has_pixel_data INTEGER CHECK (has_pixel_data IN (0, 1)),
        has_preamble INTEGER CHECK (has_preamble IN (0, 1))
      );
      -- The UNIQUE constraint on path already gives the path index (sqlite_autoindex_files_1).
      CREATE INDEX files_study_uid ON files (study_uid);
      CREATE INDEX files_patient_id ON files (patient_id);

      CREATE TABLE projects (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
        -- Letters, digits and '_' only: subject ids must never start a spreadsheet formula.
        prefix TEXT NOT NULL DEFAULT 'SUBJ'
          CHECK (length(prefix) BETWEEN 1 AND 16 AND prefix NOT GLOB '*[^A-Za-z0-9_]*'),
        width INTEGER NOT NULL DEFAULT 5 CHECK (width BETWEEN 1 AND 12),
        secret BLOB NOT NULL CHECK (typeof(secret) = 'blob' AND length(secret) = 32),
        options TEXT NOT NULL CHECK (json_type(options) = 'array'),
        issuer_in_key INTEGER NOT NULL DEFAULT 0 CHECK (issuer_in_key IN (0, 1)),
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );

      CREATE TABLE subjects (
        id INTEGER PRIMARY KEY,
        project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
        mrn_key TEXT NOT NULL CHECK (mrn_key <> ''),
        mrn TEXT NOT NULL,
        subject_id TEXT NOT NULL CHECK (subject_id <> ''),
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        UNIQUE (project_id, mrn_key),
        UNIQUE (project_id, subject_id)
      );

      CREATE TABLE studies (
        project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
        study_uid TEXT NOT NULL CHECK (study_uid <> ''),
        subject_id TEXT NOT NULL,
        ct_date TEXT NOT NULL,
        ct_date_source TEXT,
        frozen_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        PRIMARY KEY (project_id, study_uid),
        FOREIGN KEY (project_id, subject_id) REFERENCES subjects (project_id, subject_id)
      ) WITHOUT ROWID;
      -- A published mapping must stay true: once a study's CT date is recorded it never changes.
      CREATE TRIGGER studies_frozen BEFORE UPDATE ON studies
      BEGIN
        SELECT RAISE(ABORT, 'studies are frozen: a recorded CT date is never updated');
      END;

      CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        project_id INTEGER REFERENCES projects (id) ON DELETE SET NULL,
        command TEXT NOT NULL,
        input TEXT,
        output TEXT,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        exit_code INTEGER,
        summary_json TEXT CHECK (summary_json IS NULL OR json_valid(summary_json))
      );
      CREATE INDEX runs_project_id ON runs (project_id);
    `);
  },
};
