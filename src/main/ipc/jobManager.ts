import { basename } from 'node:path';
import type { EventPayload } from '../../shared/ipc/api';
import type { EventName } from '../../shared/ipc/channelNames';
import type { z } from 'zod';
import type { JobKindSchema, JobProgressSchema, JobViewSchema, VerifyViewSchema } from '../../shared/ipc/schemas/common';
import { type JobProgress, type RateOrigin, measureRate } from '../../shared/progress';
import type { RunSummary } from '../../shared/runSummary';
import type { AppDatabase } from '../db/database';
import { nameDatabaseFile } from '../db/databaseError';
import { finishRun, listRuns, recordRun } from '../db/runsRepo';
import { ServiceError } from './serviceError';
import { jobFolder, jobOutput, storedSpec, type JobSpec } from './jobSpec';

export type { JobSpec } from './jobSpec';

/** A job kind. */
type JobKind = z.infer<typeof JobKindSchema>;
/** A job as the renderer sees it. */
type JobView = z.infer<typeof JobViewSchema>;
type ProgressView = z.infer<typeof JobProgressSchema>;
/** What a verify job found, as the renderer sees it. */
export type VerifyView = z.infer<typeof VerifyViewSchema>;

/** Counts a scan job reports. */
interface ScanCounts {
  total: number;
  dicom: number;
  nonDicom: number;
  errors: number;
  images: number;
}

/** What a job hands back when it ends. */
interface JobOutcome {
  scan?: ScanCounts;
  summary?: RunSummary;
  verify?: VerifyView;
}

/** What a running job gets: its id and run record, the cancel signal and the progress sink. */
interface JobContext {
  jobId: string;
  /** The job's row in `runs` (a de-identify run records itself there, not in a second row). */
  runId: number;
  signal: AbortSignal;
  progress(p: JobProgress): void;
}


/** The work of a job. */
export type JobWork = (ctx: JobContext) => Promise<JobOutcome>;

/** Sends an event to the renderer(s). */
export type EmitEvent = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** Options of {@link JobManager}. */
interface JobManagerOptions {
  db: AppDatabase;
  emit: EmitEvent;
  /** The opaque id of a folder path. */
  folderId(path: string): string;
  /** Rebuilds the work of a stored spec (to resume an interrupted job). */
  workFor(spec: JobSpec): JobWork;
  /** Minimum ms between two progress events of one job (default 100: ~10 per second). */
  throttleMs?: number;
  now?: () => number;
  /** Whether the process that recorded a job still runs (default: `kill(pid, 0)`). */
  isAlive?: (pid: number) => boolean;
}

interface JobRecord {
  id: string;
  runId: number;
  spec: JobSpec;
  state: JobView['state'];
  startedAt: string;
  finishedAt: string | null;
  progress: ProgressView | null;
  error: { code: string; message: string } | null;
  outcome: JobOutcome;
  controller: AbortController | null;
  lastEmit: number;
  /** Where this job's rate is measured from (null until it reported work done). */
  rateOrigin: RateOrigin | null;
  done: Promise<void>;
}

const COMMAND_PREFIX = 'app:';

/**
 * Runs the app's long jobs: one record per job in the `runs` table (so a job cut short by closing
 * the app shows up as `interrupted` next time and can be re-run), cancel through an AbortSignal,
 * progress events throttled per job, and a `jobFinished` event with the outcome.
 */
export class JobManager {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly o: JobManagerOptions;
  private readonly now: () => number;
  private closing = false;

  constructor(o: JobManagerOptions) {
    this.o = o;
    this.now = o.now ?? Date.now;
    this.loadInterrupted();
  }

  /** Starts a job and returns its id; the work runs in the background. */
  start(spec: JobSpec, work: JobWork = this.o.workFor(spec)): string {
    const startedAt = new Date(this.now()).toISOString();
    const runId = recordRun(this.o.db, {
      command: `${COMMAND_PREFIX}${spec.kind}`,
      input: jobFolder(spec),
      output: jobOutput(spec),
      startedAt,
      summary: { spec, pid: process.pid },
    });
    const id = `job_${runId}`;
    const controller = new AbortController();
    const record: JobRecord = {
      id, runId, spec, state: 'running', startedAt, finishedAt: null, progress: null, error: null, outcome: {}, controller, lastEmit: 0, rateOrigin: null,
      done: Promise.resolve(),
    };
    this.jobs.set(id, record);
    record.done = this.run(record, work);
    return id;
  }

  /** Cancels a running job; false when it is not running. */
  cancel(jobId: string): boolean {
    const r = this.jobs.get(jobId);
    if (!r || r.state !== 'running' || !r.controller) return false;
    r.controller.abort();
    return true;
  }

  /** Re-runs an interrupted (or failed, or cancelled) job with the same spec; returns the new id. */
  resume(jobId: string): string {
    const r = this.jobs.get(jobId);
    if (!r) throw new ServiceError('NOT_FOUND', `no job ${jobId}`);
    if (r.state === 'running' || r.state === 'done') throw new ServiceError('JOB_RUNNING', `job ${jobId} is ${r.state}; nothing to resume`);
    const next = this.start(r.spec);
    if (r.state === 'interrupted') {
      finishRun(this.o.db, r.runId, { finishedAt: new Date(this.now()).toISOString(), exitCode: 130, summary: { spec: r.spec, resumedAs: next } });
      this.jobs.delete(jobId);
    }
    return next;
  }

  /** The running job of `kind` on `folder`, if any. */
  running(kind: JobKind | null, folder: string): string | undefined {
    for (const r of this.jobs.values()) {
      if (r.state === 'running' && jobFolder(r.spec) === folder && (kind === null || r.spec.kind === kind)) return r.id;
    }
    return undefined;
  }

  /** Every job of this session plus the interrupted ones, newest first. */
  list(): JobView[] {
    return [...this.jobs.values()].sort((a, b) => b.runId - a.runId).map((r) => this.view(r));
  }

  /** One job's view. */
  get(jobId: string): JobView | undefined {
    const r = this.jobs.get(jobId);
    return r && this.view(r);
  }

  /** The spec of a job (its folder and output), for callers that act on a finished job. */
  spec(jobId: string): JobSpec | undefined {
    return this.jobs.get(jobId)?.spec;
  }

  /** Resolves when the job has ended (tests, shutdown). */
  async settled(jobId: string): Promise<JobView | undefined> {
    await this.jobs.get(jobId)?.done;
    return this.get(jobId);
  }

  /** Stops every running job (left resumable: see {@link run}) and waits for them. */
  async shutdown(): Promise<void> {
    this.closing = true;
    for (const r of this.jobs.values()) r.controller?.abort();
    await Promise.all([...this.jobs.values()].map((r) => r.done));
  }

  private async run(r: JobRecord, work: JobWork): Promise<void> {
    const controller = r.controller as AbortController;
    // Let start() return the id before any progress event names it.
    await Promise.resolve();
    try {
      // Cancelled before it began: the work never starts.
      controller.signal.throwIfAborted();
      r.outcome = await work({ jobId: r.id, runId: r.runId, signal: controller.signal, progress: (p) => this.onProgress(r, p) });
      r.state = controller.signal.aborted || r.outcome.summary?.interrupted ? 'cancelled' : 'done';
    } catch (caught) {
      if (controller.signal.aborted) r.state = 'cancelled';
      else {
        r.state = 'failed';
        // An SQLite failure ("database or disk is full") is shown naming the database file.
        const e = nameDatabaseFile(caught, this.o.db.file);
        const code = typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : 'INTERNAL';
        r.error = { code, message: e instanceof Error ? e.message : String(e) };
      }
    }
    r.controller = null;
    if (this.closing && controller.signal.aborted) {
      // Stopped because the app is closing: leave the run unfinished so the next start lists it
      // as interrupted and offers to resume it.
      r.state = 'interrupted';
      return;
    }
    r.finishedAt = new Date(this.now()).toISOString();
    if (r.progress) this.o.emit('jobProgress', r.progress);
    const exitCode = r.state === 'done' ? (r.outcome.summary?.exitCode ?? 0) : r.state === 'cancelled' ? 130 : 1;
    try {
      finishRun(this.o.db, r.runId, {
        finishedAt: r.finishedAt,
        exitCode,
        // Counts only: error messages and summaries can name input paths.
        summary: { spec: r.spec, state: r.state, errorCode: r.error?.code ?? null, scan: r.outcome.scan ?? null, counts: r.outcome.summary?.counts ?? r.outcome.verify?.counts ?? null },
      });
    } catch {
      // The database may be closing; the job's outcome is still announced.
    }
    this.o.emit('jobFinished', this.view(r));
  }

  private onProgress(r: JobRecord, p: JobProgress): void {
    const now = this.now();
    const { origin, perSecond, etaMs } = measureRate(r.rateOrigin, p, now);
    r.rateOrigin = origin;
    r.progress = { jobId: r.id, kind: r.spec.kind, phase: p.phase, done: p.done, total: p.total, unit: p.unit ?? 'files', perSecond, etaMs };
    const throttle = this.o.throttleMs ?? 100;
    if (now - r.lastEmit >= throttle || p.done >= p.total) {
      r.lastEmit = now;
      this.o.emit('jobProgress', r.progress);
    }
  }

  private view(r: JobRecord): JobView {
    const folder = jobFolder(r.spec) ?? jobOutput(r.spec);
    return {
      jobId: r.id,
      kind: r.spec.kind,
      state: r.state,
      folderId: folder ? this.o.folderId(folder) : null,
      folderName: folder ? basename(folder) : null,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
      progress: r.progress,
      error: r.error,
      scan: r.outcome.scan ?? null,
      summary: r.outcome.summary ?? null,
      verify: r.outcome.verify ?? null,
    };
  }

  private loadInterrupted(): void {
    const alive = this.o.isAlive ?? pidAlive;
    for (const run of listRuns(this.o.db, { limit: 200 })) {
      if (!run.command.startsWith(COMMAND_PREFIX) || run.finishedAt !== null) continue;
      const stored = run.summary as { pid?: number } | null;
      if (typeof stored?.pid === 'number' && alive(stored.pid)) continue;
      const spec = storedSpec(run.command.slice(COMMAND_PREFIX.length), run.summary, run.input, run.output);
      // A record this build cannot read stays in the table but is not offered for resuming.
      if (!spec) continue;
      const id = `job_${run.id}`;
      this.jobs.set(id, {
        id,
        runId: run.id,
        spec,
        state: 'interrupted',
        startedAt: run.startedAt,
        finishedAt: null,
        progress: null,
        error: null,
        outcome: {},
        controller: null,
        lastEmit: 0,
        rateOrigin: null,
        done: Promise.resolve(),
      });
    }
  }
}

function pidAlive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
