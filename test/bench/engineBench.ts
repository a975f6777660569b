/**
 * The engine comparison of issue 9: recall (strings found and read) and time per frame of PP-OCR
 * detection + recognition, tesseract.js over our preprocessed variants (`ocrFrame`) and native `tesseract`
 * (at 1x and 3x), on the project's text scenes (ink boxes known), the burned-in study and, when
 * present, `../shared/corpus/burned-in-truth.csv`; and PP-OCR on worker threads against the
 * calling thread. Frames are read `cores` at a time by every method.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseCsv } from '../../src/shared/csv';
import { FileSource } from '../../src/main/dicom/byteSource';
import { parseDicom } from '../../src/main/dicom/parseDicom';
import { readFrame } from '../../src/main/ocr/frameReading';
import type { Box } from '../../src/main/ocr/grayImage';
import { createPpocrEngine } from '../../src/main/ocr/ppocr/ppocrEngine';
import { createOcrPool } from '../../src/main/ocr/tesseractPool';
import type { TextImage } from '../../src/main/ocr/textEngines';
import { displayImage } from '../../src/main/pixels/frameImage';
import { locatePixels } from '../../src/main/pixels/locateImage';
import { forEachLimited } from '../../src/main/workers/forEachLimited';
import { sampleBytes, writeBurnedImage } from '../fixtures/burnedInImages';
import { buildBurnedInStudy } from '../fixtures/burnedInStudy';
import { textScenes } from '../fixtures/textScenes';
import { inkCoverage, overlapping, readsAs } from '../support/sceneScoring';
import { readingText, readWithNative, readWithTesseract, readWithPpocr, type BenchFrame, type FrameRead } from './engineRunners';

const CORPUS = resolve('../shared/corpus');
const PATIENT = { name: 'BENCH^PATIENT', id: 'BENCH-1', birthDate: '20000101' };
const METHODS = ['ppocr', 'pipeline', 'native1x', 'native3x'] as const;
type Method = (typeof METHODS)[number];

/** A frame and the strings it shows. */
interface BenchItem extends BenchFrame {
  family: string;
  strings: { text: string; phi: boolean; ink?: Box }[];
}

/** One method's figures on one set of frames. */
interface MethodScore {
  /** Strings whose ink the method's boxes cover (at least 90 %), of those with known ink. */
  found: [number, number];
  phiRead: [number, number];
  keepRead: [number, number];
  msPerFrame: number;
  /** Per family: strings read of strings shown. */
  families: Record<string, [number, number]>;
  misses: string[];
}

/** Figures of the engine benchmark. */
interface EngineBenchResult {
  cores: number;
  sets: Record<string, Partial<Record<Method, MethodScore>>>;
  detectionOnlyMsPerFrame: Record<string, number>;
  execution: { mode: string; msPerFrame: number; eventLoopMaxMs: number }[];
}

/** Frame `index` of a DICOM file as displayed, 8-bit. */
async function displayFrame(path: string, index: number): Promise<TextImage> {
  const src = new FileSource(path);
  try {
    const located = locatePixels(parseDicom(src));
    if (!located) throw new Error(`${path}: no pixel data`);
    const reading = await readFrame(located, index);
    return displayImage(reading.frame, located.desc);
  } finally {
    src.close();
  }
}

/** The project's fixtures: the text scenes written as DICOM, and the burned-in study's frames. */
async function projectItems(work: string): Promise<{ scenes: BenchItem[]; study: BenchItem[] }> {
  const scenes: BenchItem[] = [];
  for (const [i, s] of textScenes().entries()) {
    const path = writeBurnedImage(join(work, 'scenes'), {
      path: `${s.name}.dcm`, patient: PATIENT, rows: s.height, cols: s.width, photometric: s.channels === 3 ? 'RGB' : 'MONOCHROME2',
      bitsAllocated: 8, bitsStored: 8, pixelData: sampleBytes(s.data), instance: i + 1, series: 1,
    });
    scenes.push({ path, frame: 0, image: await displayFrame(path, 0), family: s.name, strings: s.strings.map((t) => ({ text: t.text, phi: t.phi, ink: t.ink })) });
  }
  const study: BenchItem[] = [];
  for (const file of buildBurnedInStudy(join(work, 'study'))) {
    const all = [...file.phi.map((s) => ({ ...s, phi: true })), ...file.keep.map((s) => ({ ...s, phi: false }))];
    if (all.length === 0) continue; // text in an overlay only: not a frame's pixels
    const frame = all.some((s) => s.frames) ? 50 : 0;
    const path = join(work, 'study', file.path);
    study.push({ path, frame, image: await displayFrame(path, frame), family: file.path.split('/')[0], strings: all.filter((s) => !s.frames || s.frames.includes(frame)).map((s) => ({ text: s.text, phi: s.phi })) });
  }
  return { scenes, study };
}

/** The corpus's burned-in truth, frame 0 of each listed file. */
async function corpusItems(): Promise<BenchItem[]> {
  const truth = join(CORPUS, 'burned-in-truth.csv');
  if (!existsSync(truth)) return [];
  const byPath = new Map<string, { text: string; phi: boolean }[]>();
  for (const [path, kind, text] of parseCsv(readFileSync(truth, 'utf8')).slice(1)) {
    if (!path) continue;
    byPath.set(path, [...(byPath.get(path) ?? []), { text, phi: kind === 'phi' }]);
  }
  const items: BenchItem[] = [];
  for (const [path, strings] of byPath) {
    const file = join(CORPUS, path);
    try {
      items.push({ path: file, frame: 0, image: await displayFrame(file, 0), family: path.split('/').pop() ?? path, strings });
    } catch (e) {
      process.stderr.write(`engine bench: ${path} skipped: ${(e as Error).message}\n`);
    }
  }
  return items;
}

/** Reads every item with `read`, `cores` at a time; scores the reads. */
async function score(items: readonly BenchItem[], cores: number, read: (f: BenchFrame) => Promise<FrameRead>): Promise<MethodScore> {
  const reads: FrameRead[] = new Array(items.length);
  const t0 = performance.now();
  await forEachLimited(items, cores, async (item, i) => {
    reads[i] = await read(item);
  });
  const wall = performance.now() - t0;
  const s: MethodScore = { found: [0, 0], phiRead: [0, 0], keepRead: [0, 0], msPerFrame: 0, families: {}, misses: [] };
  let frames = 0;
  items.forEach((item, i) => {
    const r = reads[i];
    frames += r.frames;
    const text = readingText(r.words);
    const family = (s.families[item.family] ??= [0, 0]);
    for (const str of item.strings) {
      if (str.ink) {
        s.found[1]++;
        if (inkCoverage(str.ink, r.words.map((w) => w.box)) >= 0.9) s.found[0]++;
      }
      // With ink known, the string must be read where it is; otherwise anywhere in the frame.
      const where = str.ink ? readingText(overlapping(str.ink, r.words.map((w) => ({ ...w.box, text: w.text }))).map((w) => ({ box: w, text: w.text }))) : text;
      const ok = readsAs(where, str.text);
      const tally = str.phi ? s.phiRead : s.keepRead;
      tally[1]++;
      family[1]++;
      if (ok) {
        tally[0]++;
        family[0]++;
      } else {
        s.misses.push(`${item.family}: ${str.text}`);
      }
    }
  });
  s.msPerFrame = wall / Math.max(1, frames);
  return s;
}

/** Runs the comparison. */
export async function engineBench(): Promise<EngineBenchResult> {
  const cores = availableParallelism();
  const work = mkdtempSync(join(tmpdir(), 'deid-engine-bench-'));
  const workerScript = resolve('dist/main/ppocr-worker.js');
  const engine = createPpocrEngine({ workerScript, size: cores });
  const pool = createOcrPool({ size: cores });
  const native = existsSync('/usr/bin/tesseract');
  try {
    const { scenes, study } = await projectItems(work);
    const corpus = await corpusItems();
    const sets: Record<string, BenchItem[]> = { scenes, study, ...(corpus.length > 0 ? { corpus } : {}) };
    // Engines started and models loaded outside the timings.
    await Promise.all([readWithPpocr(engine, scenes[0]), readWithPpocr(engine, scenes[1]), readWithTesseract(pool, scenes[0])]);
    const result: EngineBenchResult = { cores, sets: {}, detectionOnlyMsPerFrame: {}, execution: [] };
    for (const [name, items] of Object.entries(sets)) {
      const scores: Partial<Record<Method, MethodScore>> = {};
      scores.ppocr = await score(items, cores, (f) => readWithPpocr(engine, f));
      scores.pipeline = await score(items, cores, (f) => readWithTesseract(pool, f));
      if (native) {
        scores.native1x = await score(items, cores, (f) => readWithNative(f, 1));
        scores.native3x = await score(items, cores, (f) => readWithNative(f, 3));
      }
      result.sets[name] = scores;
      const t0 = performance.now();
      await forEachLimited(items, cores, async (f) => {
        await engine.detect(f.image);
      });
      result.detectionOnlyMsPerFrame[name] = (performance.now() - t0) / items.length;
    }
    result.execution = await executionModes(scenes, cores, workerScript);
    return result;
  } finally {
    await Promise.all([engine.close(), pool.close()]);
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * PP-OCR on `cores` worker threads (one ONNX Runtime thread each) against one session on the
 * calling thread with `cores` ONNX Runtime threads, and with one: time per frame and how long the
 * calling thread's event loop was blocked at worst.
 */
async function executionModes(items: readonly BenchItem[], cores: number, workerScript: string): Promise<EngineBenchResult['execution']> {
  const modes = [
    { mode: `${cores} worker threads x 1 ORT thread`, make: () => createPpocrEngine({ workerScript, size: cores }) },
    { mode: `calling thread, ${cores} ORT threads`, make: () => createPpocrEngine({ execution: 'inline', size: cores }) },
    { mode: 'calling thread, 1 ORT thread', make: () => createPpocrEngine({ execution: 'inline', size: 1 }) },
  ];
  const out: EngineBenchResult['execution'] = [];
  for (const { mode, make } of modes) {
    const engine = make();
    try {
      await Promise.all(items.slice(0, cores).map((f) => readWithPpocr(engine, f)));
      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      const t0 = performance.now();
      await forEachLimited(items, cores, async (f) => {
        await readWithPpocr(engine, f);
      });
      const ms = performance.now() - t0;
      delay.disable();
      out.push({ mode, msPerFrame: ms / items.length, eventLoopMaxMs: delay.max / 1e6 });
    } finally {
      await engine.close();
    }
  }
  return out;
}

/** The figures as text. */
export function formatEngineBench(r: EngineBenchResult): string {
  const pct = ([a, b]: [number, number]): string => (b === 0 ? '-' : `${a}/${b} (${((100 * a) / b).toFixed(0)} %)`);
  const lines = [`text engines (${r.cores} cores; strings read = one OCR edit per 5 characters forgiven)`];
  for (const [set, scores] of Object.entries(r.sets)) {
    lines.push(`  ${set}: method | found (ink >= 90 % boxed) | PHI read | harmless read | ms/frame`);
    for (const m of METHODS) {
      const s = scores[m];
      if (!s) continue;
      lines.push(`    ${m.padEnd(9)} | ${pct(s.found).padEnd(14)} | ${pct(s.phiRead).padEnd(14)} | ${pct(s.keepRead).padEnd(14)} | ${s.msPerFrame.toFixed(0)}`);
    }
    lines.push(`    per family (read/shown): ${Object.keys(scores.ppocr?.families ?? {}).map((f) => `${f} ${METHODS.filter((m) => scores[m]).map((m) => `${m}=${scores[m]?.families[f].join('/')}`).join(' ')}`).join('; ')}`);
    lines.push(`    PP-OCR misses: ${scores.ppocr?.misses.join(', ') || 'none'}; detection alone ${r.detectionOnlyMsPerFrame[set].toFixed(0)} ms/frame`);
  }
  lines.push('  PP-OCR execution: ' + r.execution.map((e) => `${e.mode}: ${e.msPerFrame.toFixed(0)} ms/frame, event loop blocked up to ${e.eventLoopMaxMs.toFixed(0)} ms`).join('; '));
  return lines.join('\n');
}
