/**
 * The three ways the engine benchmark reads one frame: PP-OCR detection + recognition (the
 * proposer), tesseract.js over our preprocessed variants (`ocrFrame`: the verify pass's reader, and
 * the pipeline before issue 9 without its cine sampling), and native `tesseract` on the displayed
 * frame (as a site would run it).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Box } from '../../src/main/ocr/grayImage';
import { FileSource } from '../../src/main/dicom/byteSource';
import { parseDicom } from '../../src/main/dicom/parseDicom';
import { locatePixels } from '../../src/main/pixels/locateImage';
import { ocrInputOf, readFrame } from '../../src/main/ocr/frameReading';
import { ocrFrame } from '../../src/main/ocr/ocrFrame';
import { cropMagnify } from '../../src/main/ocr/resample';
import type { OcrPool } from '../../src/main/ocr/tesseractPool';
import type { LineRecognizer, TextDetector, TextImage } from '../../src/main/ocr/textEngines';
import { encodePng } from '../../src/main/pixels/pngEncoder';

/** A frame to read: its DICOM file, which frame, and the frame as displayed (8-bit). */
export interface BenchFrame {
  path: string;
  frame: number;
  image: TextImage;
}

/** What one method read in a frame: boxes in frame pixels with their text. */
export interface FrameRead {
  words: { box: Box; text: string }[];
  /** How many frames the method read to produce it (a cine read whole by the pipeline: all). */
  frames: number;
}

/** PP-OCR: every detected region, read. */
export async function readWithPpocr(engine: TextDetector & LineRecognizer, f: BenchFrame): Promise<FrameRead> {
  const regions = await engine.detect(f.image);
  const lines = await engine.recognizeMany(f.image, regions);
  return { words: regions.map((box, i) => ({ box, text: lines[i].text })), frames: 1 };
}

/** tesseract.js over the preprocessed variants of the benchmarked frame, weak words left out. */
export async function readWithTesseract(pool: OcrPool, f: BenchFrame): Promise<FrameRead> {
  const src = new FileSource(f.path);
  try {
    const located = locatePixels(parseDicom(src));
    if (!located) return { words: [], frames: 1 };
    const reading = await readFrame(located, f.frame);
    const rects = await ocrFrame(pool, ocrInputOf(reading.frame, located));
    return { words: rects.filter((r) => !r.weak).map((r) => ({ box: r.box, text: r.text })), frames: 1 };
  } finally {
    src.close();
  }
}

/** Native tesseract (sparse text, one thread) on the displayed frame magnified `scale` times. */
export async function readWithNative(f: BenchFrame, scale: 1 | 3): Promise<FrameRead> {
  const dir = mkdtempSync(join(tmpdir(), 'deid-engine-bench-'));
  try {
    const png = join(dir, 'frame.png');
    writeFileSync(png, encodePng(scale === 1 ? f.image : magnify(f.image, scale)));
    const tsv = await new Promise<string>((done, fail) => {
      const p = spawn('tesseract', [png, 'stdout', '--psm', '11', '-l', 'eng', 'tsv'], { env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
      let out = '';
      p.stdout.on('data', (d: Buffer) => (out += d.toString()));
      p.on('error', fail);
      p.on('exit', () => done(out));
    });
    const words = tsv
      .split('\n')
      .slice(1)
      .map((line) => line.split('\t'))
      .filter((c) => c.length >= 12 && c[11].trim() !== '' && Number(c[10]) >= 0)
      .map((c) => ({ box: { x: Number(c[6]) / scale, y: Number(c[7]) / scale, w: Number(c[8]) / scale, h: Number(c[9]) / scale }, text: c[11].trim() }));
    return { words, frames: 1 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `image` magnified bilinearly by an integer factor, channel by channel. */
function magnify(image: TextImage, factor: number): TextImage {
  const { width, height, channels } = image;
  const out = new Uint8Array(width * factor * height * factor * channels);
  for (let k = 0; k < channels; k++) {
    const plane = new Uint8Array(width * height);
    for (let i = 0; i < plane.length; i++) plane[i] = image.data[i * channels + k];
    const big = cropMagnify({ data: plane, width, height }, { x: 0, y: 0, w: width, h: height }, factor, 0, 0);
    for (let i = 0; i < big.data.length; i++) out[i * channels + k] = big.data[i];
  }
  return { width: width * factor, height: height * factor, channels, data: out };
}

/** The words' text in reading order: rows top to bottom (a word joins a row it overlaps by half), left to right. */
export function readingText(words: readonly { box: Box; text: string }[]): string {
  const rows: { y0: number; y1: number; words: { box: Box; text: string }[] }[] = [];
  for (const w of [...words].sort((a, b) => a.box.y - b.box.y)) {
    const cy = w.box.y + w.box.h / 2;
    const row = rows.find((r) => cy >= r.y0 && cy <= r.y1);
    if (row) row.words.push(w);
    else rows.push({ y0: w.box.y, y1: w.box.y + w.box.h, words: [w] });
  }
  return rows.map((r) => r.words.sort((a, b) => a.box.x - b.box.x).map((w) => w.text).join(' ')).join('\n');
}
