import type { Migration } from './migration';

/**
 * Who holds a run, and what runs wrote. `runs` gains the process that runs it (`pid`, `host`), so
 * a run can tell a live run on the same project or output (refused) from one that was killed
 * (finished by the next run). `outputs` records every file a run put in an output tree: its path
 * relative to the tree, its SOP Instance UID and the SHA-256 of its bytes, so `verify` can list
 * what the database did not write, or what changed since.
 */
export const migration007Outputs: Migration = {
  version: 7,
  name: 'outputs',
  up(db) {
    db.exec(`
      ALTER TABLE runs ADD COLUMN pid INTEGER;
      ALTER TABLE runs ADD COLUMN host TEXT;
      CREATE TABLE outputs (
        output TEXT NOT NULL CHECK (output <> ''),
        rel_path TEXT NOT NULL CHECK (rel_path <> ''),
        sop_instance_uid TEXT,
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        project_id INTEGER REFERENCES projects (id) ON DELETE CASCADE,
        run_id INTEGER REFERENCES runs (id) ON DELETE SET NULL,
        written_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        PRIMARY KEY (output, rel_path)
      ) WITHOUT ROWID;
      CREATE INDEX outputs_project ON outputs (project_id);
    `);
  },
};
