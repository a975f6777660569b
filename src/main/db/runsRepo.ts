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

/** Appends a run to the log and returns its id. */
export function recordRun(db: AppDatabase, run: RunRecord): number {
  const result = db
    .statement(
      `INSERT INTO runs (project_id, command, input, output, started_at, finished_at, exit_code, summary_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
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
