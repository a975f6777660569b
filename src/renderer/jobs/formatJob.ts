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
