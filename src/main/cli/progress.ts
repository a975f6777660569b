import type { JobProgress } from '../../shared/progress';
import { rateAndEta } from '../../shared/progress';

/**
 * A progress callback drawing a bar with files/s and ETA on stderr when it is a terminal,
 * redrawn at most 10 times a second; silent otherwise (logs and CI stay clean).
 */
export function progressPrinter(label: string, stream: NodeJS.WriteStream = process.stderr): (p: JobProgress) => void {
  if (!stream.isTTY) return () => {};
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (now - last < 100 && p.done < p.total) return;
    last = now;
    const { perSecond, etaMs } = rateAndEta(p, now);
    const width = 24;
    const filled = p.total ? Math.round((p.done / p.total) * width) : 0;
    const eta = etaMs === undefined ? '--' : `${Math.ceil(etaMs / 1000)}s`;
    const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
    stream.write(`\r${label.padEnd(10)} [${bar}] ${p.done}/${p.total} files  ${perSecond.toFixed(0)} files/s  ETA ${eta}   `);
  };
}
