import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeCtSeries } from '../fixtures/ctSeries';
import { clean, median, timeCommand, timeGdcmanon, type Timing } from './measure';

const CLI = resolve('dist/main/cli.js');

/** Figures of the header-only benchmark (issue 2). */
interface HeaderBenchResult {
  files: number;
  megabytes: number;
  cp: Timing;
  gdcmanon?: Timing;
  ours: Timing;
  oursSmall: Timing & { files: number };
}

function ours(input: string, work: string, out: string): Timing {
  return timeCommand(process.execPath, [CLI, 'deidentify', input, '--out', out, '--db', join(work, 'bench.sqlite'), '--allow-uncleaned'], () => {
    clean(out);
    clean(join(work, 'bench.sqlite'));
    clean(join(work, 'bench.sqlite-wal'));
    clean(join(work, 'bench.sqlite-shm'));
  });
}

/**
 * Header-only de-identification of a generated 1,000-file 512×512 16-bit CT series, against
 * `cp -r` and GDCM's `gdcmanon` in the same run (warm cache, median of 3).
 */
export function headerBench(count = 1000): HeaderBenchResult {
  const work = mkdtempSync(join(tmpdir(), 'deid-bench-'));
  const input = join(work, 'in');
  const series = writeCtSeries(input, { count, patientId: 'BENCH-0001' });
  const small = join(work, 'in-small');
  writeCtSeries(small, { count: Math.max(1, Math.round(count / 4)), patientId: 'BENCH-0002' });
  execFileSync('cat', series.files.slice(0, 1)); // touch
  spawnSync('sh', ['-c', `cat ${input}/*/* ${input}/* > /dev/null 2>&1`]); // warm the page cache

  const cp = median(3, () => timeCommand('cp', ['-r', input, join(work, 'cp')], () => clean(join(work, 'cp'))));
  const gdcmanon = timeGdcmanon(input, work);
  const out = join(work, 'ours');
  const oursTiming = median(3, () => ours(input, work, out));
  const written = spawnSync('find', [out, '-type', 'f'], { encoding: 'utf8' }).stdout.trim().split('\n').length;
  if (written !== count) throw new Error(`expected ${count} outputs, found ${written}`);
  const oursSmall = { ...median(3, () => ours(small, work, join(work, 'ours-small'))), files: Math.round(count / 4) };
  const result = { files: count, megabytes: series.bytesWritten / 1e6, cp, gdcmanon, ours: oursTiming, oursSmall };
  clean(work);
  return result;
}

/** Formats the figures as the table in the closing note. */
export function formatHeaderBench(r: HeaderBenchResult): string {
  const rate = (t: Timing): string => `${(r.files / t.seconds).toFixed(0)} files/s, ${(r.megabytes / t.seconds).toFixed(0)} MB/s`;
  const lines = [
    `header-only deidentify, ${r.files} files, ${r.megabytes.toFixed(0)} MB (512x512 16-bit CT), warm cache, median of 3`,
    `  cp -r      ${r.cp.seconds.toFixed(2)} s  ${rate(r.cp)}  peak RSS ${(r.cp.maxRssKiB / 1024).toFixed(0)} MB`,
    r.gdcmanon ? `  gdcmanon   ${r.gdcmanon.seconds.toFixed(2)} s  ${rate(r.gdcmanon)}  peak RSS ${(r.gdcmanon.maxRssKiB / 1024).toFixed(0)} MB` : '  gdcmanon   (not installed)',
    `  deid-studio ${r.ours.seconds.toFixed(2)} s  ${rate(r.ours)}  peak RSS ${(r.ours.maxRssKiB / 1024).toFixed(0)} MB`,
    `  ratios: deid-studio / cp = ${(r.ours.seconds / r.cp.seconds).toFixed(2)}` +
      (r.gdcmanon ? `, deid-studio / gdcmanon = ${(r.ours.seconds / r.gdcmanon.seconds).toFixed(2)}, gdcmanon / cp = ${(r.gdcmanon.seconds / r.cp.seconds).toFixed(2)}` : ''),
    `  RSS flatness: ${r.oursSmall.files} files -> ${(r.oursSmall.maxRssKiB / 1024).toFixed(0)} MB, ${r.files} files -> ${(r.ours.maxRssKiB / 1024).toFixed(0)} MB`,
  ];
  return lines.join('\n');
}
