/** What a progress count counts. */
type ProgressUnit = 'files' | 'frames';

/** Progress of a long job, as sent to the CLI's progress bar and the renderer. */
export interface JobProgress {
  /** Which stage: scan, plan, deidentify, ocr, verify, ... */
  phase: string;
  done: number;
  total: number;
  /** What `done` and `total` count: files (the default) or frames (OCR reads a cine frame by frame). */
  unit?: ProgressUnit;
  /** Epoch ms when the phase started. */
  startedAt: number;
  /** The item being worked on (a path in the main process; never sent outside the machine). */
  current?: string;
}

/** Items per second and the estimated ms left, from the progress so far. */
export function rateAndEta(p: JobProgress, now: number): { perSecond: number; etaMs: number | undefined } {
  const elapsed = Math.max(1, now - p.startedAt);
  const perSecond = (p.done * 1000) / elapsed;
  if (p.done === 0 || p.total <= p.done) return { perSecond, etaMs: p.total <= p.done ? 0 : undefined };
  return { perSecond, etaMs: ((p.total - p.done) * elapsed) / p.done };
}

/** Where a job's rate is measured from: the first report of this phase with work done. */
export interface RateOrigin {
  phase: string;
  done: number;
  /** Epoch ms of that report. */
  at: number;
}

/** A job's measured rate and time left, and the origin to measure the next report from. */
interface MeasuredRate {
  origin: RateOrigin | null;
  perSecond: number;
  /** Null until this job has a rate of its own (two reports with work done between them). */
  etaMs: number | null;
}

/**
 * The rate this job has shown, measured from its first report with work done in the current
 * phase, so start-up (workers spawning, models loading, the first file's latency) does not
 * stretch the estimate; no rate and no time left until a second report shows progress since.
 */
export function measureRate(origin: RateOrigin | null, p: JobProgress, now: number): MeasuredRate {
  if (p.total > 0 && p.done >= p.total) return { origin, perSecond: 0, etaMs: 0 };
  if (origin === null || origin.phase !== p.phase || p.done < origin.done) {
    return { origin: p.done > 0 ? { phase: p.phase, done: p.done, at: now } : null, perSecond: 0, etaMs: null };
  }
  const items = p.done - origin.done;
  const elapsed = now - origin.at;
  if (items <= 0 || elapsed <= 0) return { origin, perSecond: 0, etaMs: null };
  const perSecond = (items * 1000) / elapsed;
  return { origin, perSecond, etaMs: ((p.total - p.done) * 1000) / perSecond };
}
