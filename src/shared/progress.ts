/** Progress of a long job, as sent to the CLI's progress bar and the renderer. */
export interface JobProgress {
  /** Which stage: scan, plan, deidentify, ocr, verify, ... */
  phase: string;
  done: number;
  total: number;
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
