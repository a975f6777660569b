/** Words and numbers for the job progress bar: what runs, how far, how fast, how long is left. */

/** The kinds of long job the main process runs. */
type JobKind = 'scan' | 'ocr' | 'deidentify' | 'verify';

/** What the user reads for a job kind. */
export function jobTitle(kind: JobKind): string {
  switch (kind) {
    case 'scan':
      return 'Scanning the folder';
    case 'ocr':
      return 'Reading burned-in text';
    case 'deidentify':
      return 'De-identifying';
    case 'verify':
      return 'Verifying the output';
  }
}

/** A whole number with thousands separated by commas ("12,345"). */
export function groupDigits(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Items per second with a sensible precision ("0.4", "12", "1,250"). */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond) || perSecond <= 0) return '–';
  if (perSecond < 10) return perSecond.toFixed(1);
  return groupDigits(perSecond);
}

/** Time left in words, rounded the way people say it ("about 40 s", "about 3 min", "about 1 h 5 min"). */
export function formatEta(etaMs: number | null): string {
  if (etaMs === null || !Number.isFinite(etaMs) || etaMs < 0) return 'estimating…';
  const s = Math.round(etaMs / 1000);
  if (s < 1) return 'almost done';
  if (s < 60) return `about ${s} s left`;
  const min = Math.round(s / 60);
  if (min < 60) return `about ${min} min left`;
  const h = Math.floor(min / 60);
  return `about ${h} h ${min % 60} min left`;
}

/** Whole percent done, 0 when the total is unknown. */
export function percentDone(done: number, total: number): number {
  if (total <= 0) return 0;
  return Math.min(100, Math.max(0, Math.floor((done * 100) / total)));
}

/** What a progress report says, as the strip and the de-identify dialog need it. */
interface ProgressCounts {
  done: number;
  total: number;
  unit: 'files' | 'frames';
  perSecond: number;
  etaMs: number | null;
}

/**
 * "3 of 7 files · 1.2 files/s · about 4 s left": the counts in their own unit (frames say
 * frames), this job's measured rate, and the time left only once there is a rate to go on.
 */
export function progressLine(p: ProgressCounts): string {
  const counts = `${groupDigits(p.done)} of ${groupDigits(p.total)} ${p.unit}`;
  if (p.etaMs === null || p.perSecond <= 0) return `${counts} · measuring the rate…`;
  return `${counts} · ${formatRate(p.perSecond)} ${p.unit}/s · ${formatEta(p.etaMs)}`;
}

/** A job as the strip sorts it: only its id and state matter here. */
interface StripJob {
  jobId: string;
  state: 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';
}

/**
 * The jobs the strip shows in full (running, and interrupted ones waiting for Resume: one strip
 * each, a job listed twice shown once) and the finished ones it collapses into one line.
 */
export function stripJobs<J extends StripJob>(jobs: readonly J[]): { open: J[]; finished: J[] } {
  const seen = new Set<string>();
  const open: J[] = [];
  const finished: J[] = [];
  for (const j of jobs) {
    if (seen.has(j.jobId)) continue;
    seen.add(j.jobId);
    (j.state === 'running' || j.state === 'interrupted' ? open : finished).push(j);
  }
  return { open, finished };
}
