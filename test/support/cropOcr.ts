/**
 * The scorer's reference reader: Debian's native `tesseract` (a judge, see ./judges.ts, never the
 * product's engine) reading the neighbourhood of one string, as a viewer shows the frame, turned
 * upright when the string is rotated, brightest channel, magnified 3x, both polarities. Many crops
 * go to one tesseract process as a list of pages, so scoring a tree costs a few processes.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cropMagnify } from '../../src/main/ocr/resample';
import { encodePng, type Image8 } from '../../src/main/pixels/pngEncoder';
import type { PixelBox } from '../pixelText/renderText';
import { requireJudge } from './judges';

/** One region to read. */
export interface CropRequest {
  picture: Image8;
  /** The string's ink box; the crop adds a margin of 0.4 text heights around it. */
  box: PixelBox;
  /** How the string is turned (the crop is turned back before reading). */
  rotate: 0 | 90 | 270;
}

/** The magnification of the acceptance ("native tesseract at 3x"). */
const REFERENCE_SCALE = 3;

/** The brightest channel of an 8-bit picture (colour text on a dark ground keeps its contrast). */
function brightest(p: Image8): Uint8Array {
  if (p.channels === 1) return p.data;
  const out = new Uint8Array(p.width * p.height);
  for (let i = 0; i < out.length; i++) out[i] = Math.max(p.data[3 * i], p.data[3 * i + 1], p.data[3 * i + 2]);
  return out;
}

/** A grey plane turned so that text drawn at `rotate` reads left to right. */
function upright(data: Uint8Array, w: number, h: number, rotate: 0 | 90 | 270): { data: Uint8Array; width: number; height: number } {
  if (rotate === 0) return { data, width: w, height: h };
  const out = new Uint8Array(w * h);
  // Undo a clockwise turn of `rotate`: the upright plane is h wide and w high.
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const [ux, uy] = rotate === 90 ? [y, w - 1 - x] : [h - 1 - y, x];
      out[uy * h + ux] = data[y * w + x];
    }
  }
  return { data: out, width: h, height: w };
}

/**
 * The crop's values stretched to 0..255: mid-grey text on a grey ground reads as "ee" to
 * tesseract at its own contrast, and reads whole once stretched.
 */
function stretch(data: Uint8Array): Uint8Array {
  let min = 255;
  let max = 0;
  for (const v of data) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (max - min < 8) return data;
  return data.map((v) => Math.round(((v - min) * 255) / (max - min)));
}

/** The median of a plane's outermost pixels. */
function borderMedian(data: Uint8Array, w: number, h: number): number {
  const border: number[] = [];
  for (let x = 0; x < w; x++) border.push(data[x], data[(h - 1) * w + x]);
  for (let y = 0; y < h; y++) border.push(data[y * w], data[y * w + w - 1]);
  border.sort((a, b) => a - b);
  return border[border.length >> 1] ?? 0;
}

/** The two pages (as is, inverted) tesseract reads for one request. */
function pagesOf(r: CropRequest): Uint8Array[] {
  const grey = brightest(r.picture);
  const textHeight = r.rotate === 0 ? r.box.h : r.box.w;
  // A small margin: the box is the string's own ink, and neighbouring lines only add noise.
  const margin = Math.max(4, Math.round(textHeight * 0.4));
  const x0 = Math.max(0, r.box.x - margin);
  const y0 = Math.max(0, r.box.y - margin);
  const x1 = Math.min(r.picture.width, r.box.x + r.box.w + margin);
  const y1 = Math.min(r.picture.height, r.box.y + r.box.h + margin);
  const crop = new Uint8Array((x1 - x0) * (y1 - y0));
  for (let y = y0; y < y1; y++) crop.set(grey.subarray(y * r.picture.width + x0, y * r.picture.width + x1), (y - y0) * (x1 - x0));
  const up = upright(stretch(crop), x1 - x0, y1 - y0, r.rotate);
  // The margin continues the crop's own background: a black or white frame around a grey crop
  // gives tesseract's page layout an edge to trip on, and it then reads nothing.
  const ground = borderMedian(up.data, up.width, up.height);
  return [up.data, up.data.map((g) => 255 - g)].map((g, i) => {
    const big = cropMagnify({ data: g, width: up.width, height: up.height }, { x: 0, y: 0, w: up.width, h: up.height }, REFERENCE_SCALE, 24, i === 0 ? ground : 255 - ground);
    return encodePng({ data: big.data, width: big.width, height: big.height, channels: 1 });
  });
}

/** Runs tesseract over a list of page files; resolves to the text of each page (TSV, grouped by line). */
function readPages(tesseract: string, listFile: string, pages: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(tesseract, [listFile, 'stdout', '--psm', '11', '-l', 'eng', 'tsv'], { env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('close', () => {
      const lines = new Map<number, Map<string, string[]>>();
      for (const row of out.split('\n').slice(1)) {
        const c = row.split('\t');
        if (c.length < 12 || c[0] !== '5' || c[11].trim() === '') continue;
        const page = Number(c[1]) - 1;
        const byLine = lines.get(page) ?? new Map<string, string[]>();
        const line = `${c[2]}.${c[3]}.${c[4]}`;
        byLine.set(line, [...(byLine.get(line) ?? []), c[11]]);
        lines.set(page, byLine);
      }
      resolve(Array.from({ length: pages }, (_, p) => [...(lines.get(p)?.values() ?? [])].map((words) => words.join(' ')).join('\n')));
    });
  });
}

/**
 * What the reference reads around each request (both polarities' lines joined). Two tesseract
 * processes share the work, one core each.
 */
export async function readCrops(requests: readonly CropRequest[]): Promise<string[]> {
  if (requests.length === 0) return [];
  const tesseract = requireJudge('tesseract');
  const dir = mkdtempSync(join(tmpdir(), 'deid-cropocr-'));
  try {
    const files = requests.flatMap((r, i) => pagesOf(r).map((png, k) => {
      const file = join(dir, `crop${i}-${k}.png`);
      writeFileSync(file, png);
      return file;
    }));
    const half = Math.ceil(files.length / 4) * 2;
    const chunks = [files.slice(0, half), files.slice(half)].filter((c) => c.length > 0);
    const texts = (await Promise.all(chunks.map((chunk, c) => {
      const list = join(dir, `list${c}.txt`);
      writeFileSync(list, `${chunk.join('\n')}\n`);
      return readPages(tesseract, list, chunk.length);
    }))).flat();
    return requests.map((_, i) => `${texts[2 * i]}\n${texts[2 * i + 1]}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
