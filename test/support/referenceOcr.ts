/**
 * The tests' reference OCR: Debian's native `tesseract` (a judge, see ./judges.ts) reading a frame rendered
 * as a viewer shows it, magnified 3x. It judges the project's own OCR and redaction from outside.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSource } from '../../src/main/dicom/byteSource';
import { parseDicom } from '../../src/main/dicom/parseDicom';
import { decodeFrame } from '../../src/main/pixels/decodeFrame';
import { locatePixels, readOverlayGroups } from '../../src/main/pixels/locateImage';
import { extractOverlays } from '../../src/main/pixels/overlays';
import { displayImage } from '../../src/main/pixels/frameImage';
import { encodePng } from '../../src/main/pixels/pngEncoder';
import { cropMagnify } from '../../src/main/ocr/resample';
import { requireJudge } from './judges';


/**
 * What native tesseract reads in frame `frame` of `path`: rendered, brightest channel, both
 * polarities, at each magnification in `scales` (the texts joined).
 */
export async function referenceText(path: string, frame = 0, scales: readonly number[] = [3]): Promise<string> {
  const tesseract = requireJudge('tesseract');
  const src = new FileSource(path);
  let pngs: Uint8Array[];
  try {
    const located = locatePixels(parseDicom(src));
    if (!located) return '';
    const image = displayImage(await decodeFrame(located.desc, located.frameBytes(frame)), located.desc);
    const grey = new Uint8Array(image.width * image.height);
    for (let i = 0; i < grey.length; i++) {
      grey[i] = image.channels === 1 ? image.data[i] : Math.max(image.data[3 * i], image.data[3 * i + 1], image.data[3 * i + 2]);
    }
    // Both polarities (tesseract reads dark text on a light page best, and a frame can hold both),
    // each with a margin (tesseract drops text touching an edge).
    const inverted = grey.map((g) => 255 - g);
    pngs = scales.flatMap((scale) => [grey, inverted].map((g) => {
      const big = cropMagnify({ data: g, width: image.width, height: image.height }, { x: 0, y: 0, w: image.width, h: image.height }, scale, 24, g === grey ? 0 : 255);
      return encodePng({ data: big.data, width: big.width, height: big.height, channels: 1 });
    }));
  } finally {
    src.close();
  }
  const dir = mkdtempSync(join(tmpdir(), 'deid-refocr-'));
  try {
    return pngs.map((png, i) => {
      const file = join(dir, `frame${i}.png`);
      writeFileSync(file, png);
      const r = spawnSync(tesseract, [file, 'stdout', '--psm', '11', '-l', 'eng'], { encoding: 'utf8', env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
      return r.stdout ?? '';
    }).join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What native tesseract reads in the first frame of an overlay group's Overlay Data ('' when the group is gone). */
export function referenceOverlayText(path: string, group = 0x6000, scale = 2): string {
  const tesseract = requireJudge('tesseract');
  const src = new FileSource(path);
  let png: Uint8Array;
  try {
    const parsed = parseDicom(src);
    const located = locatePixels(parsed);
    const g = readOverlayGroups(parsed).find((x) => x.group === group && x.data && x.data.length > 0);
    if (!located || !g) return '';
    const [plane] = extractOverlays([g], located.desc);
    const ink = plane.bits.map((b) => (b ? 0 : 255));
    const big = cropMagnify({ data: ink, width: plane.columns, height: plane.rows }, { x: 0, y: 0, w: plane.columns, h: plane.rows }, scale, 24, 255);
    png = encodePng({ data: big.data, width: big.width, height: big.height, channels: 1 });
  } finally {
    src.close();
  }
  const dir = mkdtempSync(join(tmpdir(), 'deid-refocr-'));
  try {
    const file = join(dir, 'overlay.png');
    writeFileSync(file, png);
    return spawnSync(tesseract, [file, 'stdout', '--psm', '11', '-l', 'eng'], { encoding: 'utf8', env: { ...process.env, OMP_THREAD_LIMIT: '1' } }).stdout ?? '';
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Upper case letters and digits only (accents folded), so spacing and punctuation do not matter. */
function squash(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/**
 * True when `text` contains `needle` (squashed), allowing one wrong or missing character in needles
 * of five or more: the reference OCR has its own errors, and a string read with one of them was
 * still read. A needle read across two consecutive lines counts (tesseract's sparse mode puts
 * words with a wide gap, `LYMPH   NODE`, on lines of their own); this is stricter for PHI too.
 */
export function reads(text: string, needle: string): boolean {
  const lines = text.split('\n').map(squash).filter((l) => l !== '');
  const hay = [...lines, ...lines.slice(1).map((l, i) => lines[i] + l)];
  const n = squash(needle);
  if (n === '') return false;
  return hay.some((line) => {
    if (line.includes(n)) return true;
    if (n.length < 5) return false;
    for (let k = 0; k < n.length; k++) if (line.includes(n.slice(0, k) + n.slice(k + 1))) return true;
    for (let i = 0; i + n.length <= line.length; i++) {
      let diff = 0;
      for (let j = 0; j < n.length && diff <= 1; j++) if (line[i + j] !== n[j]) diff++;
      if (diff <= 1) return true;
    }
    return false;
  });
}
