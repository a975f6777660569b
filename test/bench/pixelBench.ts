/**
 * The pixel benchmarks, all measured in one run (`npm run bench -- pixel`):
 * - a default `deidentify` of a CT series with no text at all (BurnedInAnnotation absent, as most CT
 *   scanners write) against `gdcmanon -e`, at 250, 500 and 1,000 slices, so the marginal cost per
 *   slice from 500 to 1,000 can be set against the one from 250 to 500 (a flat cost gives 1);
 * - the same 1,000 slices with BurnedInAnnotation NO (the header path) against `gdcmanon -e`;
 * - a mixed study (ultrasound, CT with corner text, MR, an XA cine, a report screen) against native
 *   `tesseract` run frame by frame on the same cores.
 * Peak RSS comes with every run of ours.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FileSource } from '../../src/main/dicom/byteSource';
import { parseDicom } from '../../src/main/dicom/parseDicom';
import { decodeFrame } from '../../src/main/pixels/decodeFrame';
import { displayImage } from '../../src/main/pixels/frameImage';
import { locatePixels } from '../../src/main/pixels/locateImage';
import { encodePng } from '../../src/main/pixels/pngEncoder';
import { forEachLimited } from '../../src/main/workers/forEachLimited';
import { writeCtSeries } from '../fixtures/ctSeries';
import { ctAnatomySlice } from '../fixtures/ctAnatomy';
import { textGate } from '../../src/main/pixels/textGate';
import { buildTextTruth } from '../fixtures/textTruth/families';
import { listFiles } from '../support/dicomWalk';
import { judgeMissing } from '../support/judges';
import { clean, timeCommand, timeGdcmanon, type Timing } from './measure';

const CLI = resolve('dist/main/cli.js');

/** Makes deid-studio print its phase timing line. */
const WITH_PHASES = { DEID_STUDIO_TIMING: '1' };

/** One series size of the flat-cost figure. */
interface SeriesRun {
  slices: number;
  ours: Timing;
}

/** Figures of the pixel benchmarks. */
interface PixelBenchResult {
  cores: number;
  /** Default deidentify of CT slices without text, BurnedInAnnotation absent. */
  noText: SeriesRun[];
  gdcmanon?: Timing;
  /** The same largest series with BurnedInAnnotation NO (absent when not selected). */
  headerNo?: SeriesRun;
  mixed?: { images: number; frames: number; ours: Timing; nativeSeconds: number | null };
  /** The text gate alone on synthetic no-text 512×512 16-bit CT slices: ms per slice, fraction cleared. */
  gate?: { slices: number; msPerSlice: number; cleared: number };
}

/** The text gate on `n` synthetic no-text CT slices (generated first, untimed). */
function gateBench(n: number): { slices: number; msPerSlice: number; cleared: number } {
  const frames = Array.from({ length: n }, (_, i) => ctAnatomySlice(i, { padding: i % 2 ? -2000 : -1024, noise: 8 + (i % 3) * 6 }));
  const decoded = frames.map((f) => ({ data: f.data, width: f.columns, height: f.rows, samplesPerPixel: 1 as const, photometric: 'MONOCHROME2' as const, planar: false as const, bitsAllocated: 16, bitsStored: 16, signed: true }));
  // Steady state, as the gate runs through a long series: one untimed pass first, so the figure
  // is not the compiler's warm-up (which a 1,000-slice run pays once, in its first slices).
  for (const d of decoded) textGate(d);
  let cleared = 0;
  const t0 = performance.now();
  for (const d of decoded) if (textGate(d).clear) cleared++;
  return { slices: n, msPerSlice: (performance.now() - t0) / n, cleared: cleared / n };
}

/** Native tesseract on every frame of every image (displayed as the viewer shows it), `cores` at a time; wall seconds. */
async function nativeTesseract(files: readonly string[], work: string, cores: number): Promise<{ seconds: number; frames: number }> {
  const dir = join(work, 'png');
  mkdirSync(dir, { recursive: true });
  const pngs: string[] = [];
  for (const [i, f] of files.entries()) {
    const src = new FileSource(f);
    try {
      const located = locatePixels(parseDicom(src));
      if (!located) continue;
      for (let k = 0; k < located.desc.numberOfFrames; k++) {
        const frame = await decodeFrame(located.desc, located.frameBytes(k));
        const png = join(dir, `${i}-${k}.png`);
        writeFileSync(png, encodePng(displayImage(frame, located.desc)));
        pngs.push(png);
      }
    } finally {
      src.close();
    }
  }
  const t0 = performance.now();
  await forEachLimited(pngs, cores, (png) => new Promise<void>((done, fail) => {
    const p = spawn('tesseract', [png, 'stdout', '--psm', '11', '-l', 'eng'], { stdio: 'ignore', env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
    p.on('exit', () => done());
    p.on('error', fail);
  }));
  return { seconds: (performance.now() - t0) / 1000, frames: pngs.length };
}

/** One default deidentify of `input` into a fresh output and database; timed with its phases. */
function deidentify(work: string, name: string, input: string): Timing {
  const out = join(work, `${name}-out`);
  return timeCommand(process.execPath, [CLI, 'deidentify', input, '--out', out, '--db', join(work, `${name}.sqlite`)], () => clean(out), WITH_PHASES);
}

/** Which parts of the pixel benchmark to run (`npm run bench -- pixel --sizes=250,500 --only=ct`). */
interface PixelBenchSelection {
  /** CT series sizes of the no-text runs; default a quarter, half and all of `slices`. */
  sizes?: readonly number[];
  /** Run only these parts; default all. */
  only?: ReadonlySet<'ct' | 'gdcmanon' | 'header' | 'mixed'>;
}

/** Runs the benchmarks; `slices` is the largest CT series (default 1,000). */
export async function pixelBench(slices = 1000, pick: PixelBenchSelection = {}): Promise<PixelBenchResult> {
  const wants = (part: 'ct' | 'gdcmanon' | 'header' | 'mixed'): boolean => !pick.only || pick.only.has(part);
  const work = mkdtempSync(join(tmpdir(), 'deid-pixel-bench-'));
  const cores = availableParallelism();
  try {
    const noText: SeriesRun[] = [];
    const sizes = pick.sizes ?? [Math.round(slices / 4), Math.round(slices / 2), slices];
    for (const n of wants('ct') ? sizes : []) {
      const input = join(work, `ct${n}`);
      writeCtSeries(input, { count: n, patientId: `BENCH-CT-${n}`, burnedInAnnotation: null });
      noText.push({ slices: n, ours: deidentify(work, `ct${n}`, input) });
    }
    const largest = join(work, `ct${slices}`);
    let gdcmanon: Timing | undefined;
    if (wants('gdcmanon') || wants('header')) {
      if (!noText.some((r) => r.slices === slices)) writeCtSeries(largest, { count: slices, patientId: `BENCH-CT-${slices}`, burnedInAnnotation: null });
      gdcmanon = timeGdcmanon(largest, work);
    }
    let headerNo: SeriesRun | undefined;
    if (wants('header')) {
      const noInput = join(work, `ct${slices}-no`);
      writeCtSeries(noInput, { count: slices, patientId: 'BENCH-CT-NO', burnedInAnnotation: 'NO' });
      headerNo = { slices, ours: deidentify(work, 'ctno', noInput) };
    }
    let mixed: PixelBenchResult['mixed'];
    if (wants('mixed')) {
      const mixedInput = join(work, 'mixed');
      const truth = buildTextTruth(mixedInput);
      const mixedOurs = deidentify(work, 'mixed', mixedInput);
      const native = judgeMissing('tesseract') ? null : await nativeTesseract(listFiles(mixedInput), work, cores);
      const frames = truth.reduce((n, t) => n + t.frameCount, 0);
      mixed = { images: truth.length, frames, ours: mixedOurs, nativeSeconds: native?.seconds ?? null };
    }
    const gate = wants('ct') ? gateBench(100) : undefined;
    return { cores, noText, gdcmanon, headerNo, mixed, gate };
  } finally {
    clean(work);
  }
}

/** Formats the figures for the closing note, as ratios against the references. */
export function formatPixelBench(r: PixelBenchResult): string {
  const mb = (t: Timing): string => `${(t.maxRssKiB / 1024).toFixed(0)} MB`;
  const g = r.gdcmanon;
  const lines = [`pixels, ${r.cores} cores`];
  for (const run of r.noText) {
    lines.push(`  deidentify ${run.slices} CT slices, no text, BurnedInAnnotation absent: ${run.ours.seconds.toFixed(2)} s, peak ${mb(run.ours)} (${run.ours.phases ?? 'no phases'})`);
  }
  const [a, b, c] = r.noText;
  if (a && b) lines.push(`  per slice: ${(1000 * a.ours.seconds / a.slices).toFixed(2)} ms (${a.slices}), ${(1000 * b.ours.seconds / b.slices).toFixed(2)} ms (${b.slices})`);
  if (a && b && c) {
    const m1 = (b.ours.seconds - a.ours.seconds) / (b.slices - a.slices);
    const m2 = (c.ours.seconds - b.ours.seconds) / (c.slices - b.slices);
    lines.push(`  marginal cost per slice: ${(1000 * m1).toFixed(2)} ms (${a.slices}→${b.slices}), ${(1000 * m2).toFixed(2)} ms (${b.slices}→${c.slices}); ratio ${(m2 / m1).toFixed(2)} (goal ≤ 1.25)`);
  }
  const largest = r.noText.at(-1);
  if (g) lines.push(`  gdcmanon -e: ${g.seconds.toFixed(2)} s` + (largest ? `; default deidentify of ${largest.slices} slices, ratio ${(largest.ours.seconds / g.seconds).toFixed(2)} (goal ≤ 1.5)` : ''));
  const h = r.headerNo;
  if (h) lines.push(`  deidentify ${h.slices} CT slices, BurnedInAnnotation NO: ${h.ours.seconds.toFixed(2)} s, peak ${mb(h.ours)}${g ? `; ratio to gdcmanon -e ${(h.ours.seconds / g.seconds).toFixed(2)} (goal ≤ 1.0)` : ''}`);
  if (r.gate) lines.push(`  text gate: ${r.gate.msPerSlice.toFixed(2)} ms per 512×512 16-bit slice (goal ≤ 1); cleared ${(100 * r.gate.cleared).toFixed(1)} % of ${r.gate.slices} synthetic no-text CT slices (goal ≥ 99 %); recall on the text fixtures: src/main/pixels/textGate.test.ts`);
  const peaks = [...r.noText.map((x) => x.ours), ...(h ? [h.ours] : []), ...(r.mixed ? [r.mixed.ours] : [])];
  if (peaks.length) {
    const peak = Math.max(...peaks.map((t) => t.maxRssKiB)) / 1024;
    const first = r.noText[0];
    const flat = first && largest && largest !== first ? `; largest over smallest series ${(largest.ours.maxRssKiB / first.ours.maxRssKiB).toFixed(2)} (flat ≈ 1)` : '';
    lines.push(`  peak RSS over every run: ${peak.toFixed(0)} MB (goal < 800 MB)${flat}`);
  }
  const m = r.mixed;
  if (m) lines.push(`  mixed study (${m.images} images, ${m.frames} frames): deidentify ${m.ours.seconds.toFixed(1)} s, peak ${mb(m.ours)}` +
    (m.nativeSeconds === null ? ' (native tesseract not installed)' : `; native tesseract frame by frame ${m.nativeSeconds.toFixed(1)} s; ratio ${(m.ours.seconds / m.nativeSeconds).toFixed(2)} (goal ≤ 1.0)`));
  return lines.join('\n');
}
