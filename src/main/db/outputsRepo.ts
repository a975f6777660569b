import type { AppDatabase } from './database';

/** A file a run put in an output tree. */
interface WrittenOutput {
  /** The output tree's root, absolute. */
  output: string;
  /** The file's path relative to the root. */
  relPath: string;
  sopInstanceUid: string | null;
  /** SHA-256 of the file's bytes, hex. */
  sha256: string;
  projectId: number;
  runId: number;
}

/** Records (or re-records) a file a run wrote or found already up to date. */
export function recordOutput(db: AppDatabase, o: WrittenOutput): void {
  db.statement(
    `INSERT INTO outputs (output, rel_path, sop_instance_uid, sha256, project_id, run_id) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (output, rel_path) DO UPDATE SET sop_instance_uid = excluded.sop_instance_uid, sha256 = excluded.sha256,
       project_id = excluded.project_id, run_id = excluded.run_id, written_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
  ).run(o.output, o.relPath, o.sopInstanceUid, o.sha256, o.projectId, o.runId);
}

/** The digest of every file recorded under the output root `output`, by relative path. */
export function listOutputDigests(db: AppDatabase, output: string): Map<string, string> {
  const rows = db.statement('SELECT rel_path AS relPath, sha256 FROM outputs WHERE output = ?').all(output) as { relPath: string; sha256: string }[];
  return new Map(rows.map((r) => [r.relPath, r.sha256]));
}

/**
 * The run that wrote each of `sopInstanceUids`, for those the database recorded as its outputs
 * (in any output tree); a UID it never wrote is absent. A recorded output whose run was since
 * deleted maps to null.
 */
export function outputRunsBySop(db: AppDatabase, sopInstanceUids: readonly string[]): Map<string, number | null> {
  const found = new Map<string, number | null>();
  if (sopInstanceUids.length === 0) return found;
  const rows = db
    .statement('SELECT sop_instance_uid AS sop, run_id AS runId FROM outputs WHERE sop_instance_uid IN (SELECT value FROM json_each(?)) ORDER BY written_at')
    .all(JSON.stringify(sopInstanceUids)) as { sop: string; runId: number | null }[];
  for (const r of rows) found.set(r.sop, r.runId);
  return found;
}
