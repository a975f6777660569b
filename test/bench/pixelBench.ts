/**
 * Pixel-cleaning benchmarks (issue 3): OCR throughput against native tesseract over the same
 * frames, a 100-frame cine against a single frame, RSS over 500 OCR jobs, and a full deidentify
 * of a 300-slice CT series (pixels read) against gdcmanon.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_ALLOWLIST } from '../../src/main/phi/defaultAllowlist';
import { displayImage } from '../../src/main/pixels/frameImage';
import { encodePng } from '../../src/main/pixels/pngEncoder';
import { ocrImageFile, type OcrImageResult } from '../../src/main/ocr/ocrImage';
import { ocrSeries } from '../../src/main/ocr/seriesOcr';
import { buildIdentifierSet } from '../../src/main/phi/phiMatch';
import type { DecodedFrame } from '../../src/main/pixels/decodedFrame';
import { createOcrPool } from '../../src/main/ocr/tesseractPool';
import { forEachLimited } from '../../src/main/workers/forEachLimited';
import { framesBytes, sampleBytes, writeBurnedImage } from '../fixtures/burnedInImages';
import { writeCtSeries } from '../fixtures/ctSeries';
import { addNoise, createFrame, drawText, fillAnatomy, seededRandom } from '../pixelText/renderText';
import { clean, timeCommand, timeGdcmanon, type Timing } from './measure';

const CLI = resolve('dist/main/cli.js');
const PATIENT = { name: 'MULLER^JURGEN', id: 'MRN-A-7781', birthDate: '19620314' };
const match = { identifiers: buildIdentifierSet({ personNames: [PATIENT.name], ids: [PATIENT.id], dates: [PATIENT.birthDate] }), allowlist: DEFAULT_ALLOWLIST, redactAllText: false };

type Reads = OcrImageResult['reads'];

/** Figures of the pixel benchmarks. */
interface PixelBenchResult {
  processes: number;
  throughput: { frames: number; seriesSeconds: number; seriesReads: Reads; perFileSeconds: number; nativeSeconds: number; cineSeconds: number; cineReads: Reads };
  cine: { frames: number; singleSeconds: number; cineSeconds: number; reads: Reads };
  rss: { jobs: number; samplesMb: number[] };
  ct?: { slices: number; ours: Timing; gdcmanon?: Timing };
  /** A CT series with the patient's name burned into every slice: read, redacted and verified. */
  ctText?: { slices: number; ours: Timing };
}

/** A distinct 512x512 12-bit frame: anatomy, noise and a few annotation lines that vary. */
function textFrame(i: number, size = 512): Uint16Array {
  const t = createFrame(size, size, 'uint16', 0);
  fillAnatomy(t, 150, 2400, 100 + i);
  addNoise(t, 80, 200 + i);
  const r = seededRandom(i + 1);
  drawText(t, PATIENT.name, 8, 8, { value: 4095 });
  drawText(t, `IMG ${i + 1}  SE ${1 + Math.floor(r() * 9)}`, 8, 24, { value: 4095 });
  drawText(t, `${(10 + r() * 300).toFixed(1)} mm`, size - 96, 8, { value: 4095 });
  drawText(t, `120 kV  ${Math.floor(100 + r() * 300)} mA`, size - 140, size - 20, { value: 4095 });
  return t.data as Uint16Array;
}

function asDecoded(data: Uint16Array, size: number): DecodedFrame {
  return { data, width: size, height: size, samplesPerPixel: 1, photometric: 'MONOCHROME2', planar: false, bitsAllocated: 16, bitsStored: 12, signed: false };
}

/** Runs `tesseract` on each PNG, `processes` at a time; wall seconds. */
async function nativeTesseract(pngs: readonly string[], processes: number): Promise<number> {
  const t0 = performance.now();
  await forEachLimited(pngs, processes, (png) => new Promise<void>((done, fail) => {
    const p = spawn('tesseract', [png, 'stdout', '--psm', '11', '-l', 'eng'], { stdio: 'ignore', env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
    p.on('exit', () => done());
    p.on('error', fail);
  }));
  return (performance.now() - t0) / 1000;
}

/** Runs the benchmarks; `frames` distinct frames for the throughput figure. */
export async function pixelBench(frames = 40, ctSlices = 300): Promise<PixelBenchResult> {
  const work = mkdtempSync(join(tmpdir(), 'deid-pixel-bench-'));
  const processes = availableParallelism();
  const pool = createOcrPool({ size: processes });
  try {
    // Throughput: the same distinct frames as single-frame DICOM files (ours) and as PNG (native).
    const size = 512;
    const data = Array.from({ length: frames }, (_, i) => textFrame(i, size));
    const files = data.map((d, i) => writeBurnedImage(join(work, 'frames'), { path: `f${i}.dcm`, patient: PATIENT, rows: size, cols: size, photometric: 'MONOCHROME2', bitsAllocated: 16, bitsStored: 12, pixelData: sampleBytes(d), instance: i + 1 }));
    mkdirSync(join(work, 'png'), { recursive: true });
    const pngs = data.map((d, i) => {
      const path = join(work, 'png', `f${i}.png`);
      writeFileSync(path, encodePng(displayImage(asDecoded(d, size), { rows: size, columns: size, samplesPerPixel: 1, bitsAllocated: 16, bitsStored: 12, highBit: 11, pixelRepresentation: 0, photometric: 'MONOCHROME2', planarConfiguration: 0, numberOfFrames: 1, transferSyntaxUid: '1.2.840.10008.1.2.1' })));
      return path;
    });
    await ocrImageFile(files[0], { pool, match }); // start the engines outside the timing
    // As the OCR phase reads them: one series of single-frame files (seriesOcr.ts).
    let t0 = performance.now();
    const seriesRun = await ocrSeries(files, { pool, match });
    const seriesSeconds = (performance.now() - t0) / 1000;
    // Each file on its own, as for images that form no series: no skipping across frames.
    t0 = performance.now();
    await forEachLimited(files, processes + 1, async (f) => {
      await ocrImageFile(f, { pool, match });
    });
    const perFileSeconds = (performance.now() - t0) / 1000;
    const nativeSeconds = existsSync('/usr/bin/tesseract') ? await nativeTesseract(pngs, processes) : NaN;
    // The same frames as one cine: static text is read once, what changes is read where it changes.
    const cineFile = writeBurnedImage(join(work, 'cine'), { path: 'cine.dcm', patient: PATIENT, rows: size, cols: size, frames, photometric: 'MONOCHROME2', bitsAllocated: 16, bitsStored: 12, pixelData: framesBytes(data.map(sampleBytes)) });
    t0 = performance.now();
    const cineRun = await ocrImageFile(cineFile, { pool, match });
    const cineSeconds = (performance.now() - t0) / 1000;

    // A 100-frame ultrasound-like cine (moving anatomy, static banner, a clock, the name on 40-60) vs one frame.
    const cineFrames: Uint8Array[] = [];
    for (let f = 0; f < 100; f++) {
      const c = createFrame(size, size, 'uint8', 0);
      fillAnatomy(c, 10, 170, 300 + f);
      drawText(c, 'ACME US  C5-2  3.5MHz', 8, 8, { value: 255 });
      drawText(c, `10:41:${String(Math.floor(f / 10)).padStart(2, '0')}`, size - 80, 8, { value: 255 });
      if (f >= 40 && f <= 60) drawText(c, 'MULLER JURGEN', 8, size - 24, { value: 255 });
      cineFrames.push(sampleBytes(c.data as Uint8Array));
    }
    const single = writeBurnedImage(join(work, 'us'), { path: 'single.dcm', patient: PATIENT, rows: size, cols: size, photometric: 'MONOCHROME2', bitsAllocated: 8, bitsStored: 8, pixelData: cineFrames[45] });
    const cine = writeBurnedImage(join(work, 'us'), { path: 'cine.dcm', patient: PATIENT, rows: size, cols: size, frames: 100, photometric: 'MONOCHROME2', bitsAllocated: 8, bitsStored: 8, pixelData: framesBytes(cineFrames), instance: 2 });
    const time = async (f: string): Promise<{ seconds: number; reads: Reads }> => {
      const s = performance.now();
      const r = await ocrImageFile(f, { pool, match });
      return { seconds: (performance.now() - s) / 1000, reads: r.reads };
    };
    // Median of five alternating runs of each.
    const singleTimes: { seconds: number; reads: Reads }[] = [];
    const cineTimes: { seconds: number; reads: Reads }[] = [];
    for (let k = 0; k < 5; k++) {
      singleTimes.push(await time(single));
      cineTimes.push(await time(cine));
    }
    singleTimes.sort((a, b) => a.seconds - b.seconds);
    cineTimes.sort((a, b) => a.seconds - b.seconds);

    // RSS over 500 OCR jobs on distinct small images (the pool recycles engines every 200 jobs).
    const samplesMb: number[] = [];
    for (let j = 0; j < 500; j++) {
      const t = createFrame(192, 64, 'uint8', 255);
      drawText(t, `JOB ${j} ${PATIENT.id}`, 6, 20, { value: 0 });
      await pool.recognize({ data: t.data as Uint8Array, width: 192, height: 64 });
      if (j % 50 === 49) samplesMb.push(Math.round(process.memoryUsage().rss / 1048576));
    }

    const result: PixelBenchResult = {
      processes,
      throughput: { frames, seriesSeconds, seriesReads: seriesRun[0].reads, perFileSeconds, nativeSeconds, cineSeconds, cineReads: cineRun.reads },
      cine: { frames: 100, singleSeconds: singleTimes[2].seconds, cineSeconds: cineTimes[2].seconds, reads: cineTimes[2].reads },
      rss: { jobs: 500, samplesMb },
    };
    if (ctSlices > 0) {
      result.ct = ctBench(work, ctSlices);
      result.ctText = ctTextBench(work, Math.min(100, ctSlices));
    }
    return result;
  } finally {
    await pool.close();
    clean(work);
  }
}

/**
 * Full deidentify of a CT series whose header does not rule burned-in text out (BurnedInAnnotation
 * absent), so every slice is read, redacted where needed and verified; gdcmanon in the same run.
 */
function ctBench(work: string, slices: number): { slices: number; ours: Timing; gdcmanon?: Timing } {
  const input = join(work, 'ct');
  writeCtSeries(input, { count: slices, patientId: 'BENCH-CT', burnedInAnnotation: null });
  const out = join(work, 'ct-out');
  // One run each: a second one would find every image already read (the database keeps OCR results).
  const ours = timeCommand(process.execPath, [CLI, 'deidentify', input, '--out', out, '--db', join(work, 'ct.sqlite')], undefined, WITH_PHASES);
  return { slices, ours, gdcmanon: timeGdcmanon(input, work) };
}

/**
 * A CT series whose every slice shows the patient's name at the maximum value among other labels
 * (the throughput frames): each slice is redacted and its output verified by a whole re-read.
 */
function ctTextBench(work: string, slices: number): { slices: number; ours: Timing } {
  const input = join(work, 'ct-text');
  for (let i = 0; i < slices; i++) {
    const pixelData = sampleBytes(textFrame(i));
    writeBurnedImage(input, { path: `s${String(i).padStart(4, '0')}.dcm`, patient: PATIENT, rows: 512, cols: 512, photometric: 'MONOCHROME2', bitsAllocated: 16, bitsStored: 12, pixelData, instance: i + 1 });
  }
  const ours = timeCommand(process.execPath, [CLI, 'deidentify', input, '--out', join(work, 'ct-text-out'), '--db', join(work, 'ct-text.sqlite')], undefined, WITH_PHASES);
  return { slices, ours };
}

/** Makes deid-studio print its phase timing line. */
const WITH_PHASES = { DEID_STUDIO_TIMING: '1' };

/** Formats the figures for the closing note. */
export function formatPixelBench(r: PixelBenchResult): string {
  const t = r.throughput;
  const native = Number.isNaN(t.nativeSeconds) ? null : t.nativeSeconds;
  const vsNative = (seconds: number): string => (native === null ? '' : `; ratio to native ${(seconds / native).toFixed(2)}`);
  const reads = (x: Reads): string => `${x.whole} whole, ${x.samples} grey-view sample, ${x.regions} region reads`;
  const lines = [
    `pixel OCR, ${r.processes} engines / processes`,
    `  ${t.frames} distinct 512x512 frames, native tesseract (one process per PNG, ${r.processes} at a time): ${native === null ? '(not installed)' : `${native.toFixed(1)} s (${(t.frames / native).toFixed(2)} frames/s)`}`,
    `  deid-studio, the frames as one series of files (as the OCR phase reads a series): ${t.seriesSeconds.toFixed(1)} s (${(t.frames / t.seriesSeconds).toFixed(2)} frames/s, ${reads(t.seriesReads)})${vsNative(t.seriesSeconds)}`,
    `  deid-studio, each file read on its own (no skipping across frames): ${t.perFileSeconds.toFixed(1)} s (${(t.frames / t.perFileSeconds).toFixed(2)} frames/s)${vsNative(t.perFileSeconds)}`,
    `  deid-studio, the frames as one ${t.frames}-frame cine: ${t.cineSeconds.toFixed(1)} s (${reads(t.cineReads)})${vsNative(t.cineSeconds)}`,
    `  100-frame cine ${r.cine.cineSeconds.toFixed(2)} s vs one frame ${r.cine.singleSeconds.toFixed(2)} s: ${(r.cine.cineSeconds / r.cine.singleSeconds).toFixed(1)}x (${reads(r.cine.reads)})`,
    `  RSS over ${r.rss.jobs} OCR jobs (MB, every 50): ${r.rss.samplesMb.join(', ')}`,
  ];
  if (r.ct) {
    const rate = (x: Timing): string => `${x.seconds.toFixed(1)} s (${(r.ct!.slices / x.seconds).toFixed(1)} files/s), peak RSS ${(x.maxRssKiB / 1024).toFixed(0)} MB`;
    lines.push(`  full deidentify of a ${r.ct.slices}-slice CT series (BurnedInAnnotation absent: every slice read): deid-studio ${rate(r.ct.ours)} (${r.ct.ours.phases ?? 'no phase timing'})` +
      (r.ct.gdcmanon ? `; gdcmanon ${rate(r.ct.gdcmanon)}; ratio ${(r.ct.ours.seconds / r.ct.gdcmanon.seconds).toFixed(0)}` : ''));
  }
  if (r.ctText) {
    const x = r.ctText.ours;
    lines.push(`  full deidentify of a ${r.ctText.slices}-slice CT series with the name burned into every slice (read, redacted, every output verified): ${x.seconds.toFixed(1)} s (${(r.ctText.slices / x.seconds).toFixed(1)} files/s; ${x.phases ?? 'no phase timing'}), peak RSS ${(x.maxRssKiB / 1024).toFixed(0)} MB`);
  }
  return lines.join('\n');
}
