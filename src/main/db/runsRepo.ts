import { hostname } from 'node:os';
import type { AppDatabase } from './database';

/** One command run (CLI or app job), for the audit trail. */
interface RunRecord {
  projectId?: number | null;
  /** e.g. 'scan', 'deid', 'export-mapping'. */
  command: string;
  input?: string | null;
  output?: string | null;
  /** ISO 8601. */
  startedAt: string;
  finishedAt?: string | null;
  exitCode?: number | null;
  /** Counts and outcomes, stored as JSON; must not hold PHI. */
  summary?: unknown;
}

/** A recorded run with its id. */
interface StoredRun extends Required<Omit<RunRecord, 'summary'>> {
  id: number;
  summary: unknown;
}

/** Appends a run to the log, held by this process (its pid and host), and returns its id. */
export function recordRun(db: AppDatabase, run: RunRecord): number {
  const result = db
    .statement(
      `INSERT INTO runs (project_id, command, input, output, started_at, finished_at, exit_code, summary_json, pid, host)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      run.projectId ?? null,
      run.command,
      run.input ?? null,
      run.output ?? null,
      run.startedAt,
      run.finishedAt ?? null,
      run.exitCode ?? null,
      run.summary === undefined ? null : JSON.stringify(run.summary),
      process.pid,
      hostname(),
    );
  return Number(result.lastInsertRowid);
}

/** Completes a run recorded when it started. */
export function finishRun(
  db: AppDatabase,
  id: number,
  outcome: { finishedAt: string; exitCode: number; summary?: unknown },
): void {
  db.statement('UPDATE runs SET finished_at = ?, exit_code = ?, summary_json = ? WHERE id = ?').run(
    outcome.finishedAt,
    outcome.exitCode,
    outcome.summary === undefined ? null : JSON.stringify(outcome.summary),
    id,
  );
}

/** The latest runs first, optionally of one project. */
export function listRuns(db: AppDatabase, opts: { projectId?: number; limit?: number } = {}): StoredRun[] {
  const rows = db
    .statement(
      `SELECT id, project_id AS projectId, command, input, output, started_at AS startedAt,
              finished_at AS finishedAt, exit_code AS exitCode, summary_json AS summary
       FROM runs WHERE @projectId IS NULL OR project_id = @projectId ORDER BY id DESC LIMIT @limit`,
    )
    .all({ projectId: opts.projectId ?? null, limit: opts.limit ?? 100 }) as (Omit<StoredRun, 'summary'> & { summary: string | null })[];
  return rows.map((r) => ({ ...r, summary: r.summary === null ? null : (JSON.parse(r.summary) as unknown) }));
}

/** An unfinished run and the process that held it (pid and host are null for runs recorded before version 7). */
export interface UnfinishedRun {
  id: number;
  command: string;
  output: string | null;
  projectId: number | null;
  startedAt: string;
  pid: number | null;
  host: string | null;
}

/**
 * Unfinished de-identification runs (CLI or app) on project `projectId` or into `output`, other
 * than `exceptId`, oldest first: live ones hold the project, dead ones were killed.
 */
export function listUnfinishedDeidRuns(db: AppDatabase, q: { projectId: number; output: string; exceptId: number }): UnfinishedRun[] {
  return db
    .statement(
      `SELECT id, command, output, project_id AS projectId, started_at AS startedAt, pid, host FROM runs
       WHERE finished_at IS NULL AND command IN ('deidentify', 'app:deidentify') AND id <> @exceptId
         AND (output = @output OR project_id = @projectId)
       ORDER BY id`,
    )
    .all(q) as UnfinishedRun[];
}

/** Records the project of a run recorded without one (an app job's, before its plan was made). */
export function setRunProject(db: AppDatabase, id: number, projectId: number): void {
  db.statement('UPDATE runs SET project_id = ? WHERE id = ? AND project_id IS NULL').run(projectId, id);
}

/** Closes an unfinished run as interrupted (exit 130), finished by the run `by` that took its work over. */
export function closeInterruptedRun(db: AppDatabase, id: number, by: number, at: string): void {
  db.statement('UPDATE runs SET finished_at = ?, exit_code = 130, summary_json = ? WHERE id = ? AND finished_at IS NULL').run(
    at,
    JSON.stringify({ interrupted: true, finishedByRun: by }),
    id,
  );
}

/** Every input and output folder any run ever used: patient-linking files must stay out of all of them. */
export function listRunFolders(db: AppDatabase): string[] {
  return db.statement('SELECT input AS p FROM runs WHERE input IS NOT NULL UNION SELECT output FROM runs WHERE output IS NOT NULL').pluck().all() as string[];
}
