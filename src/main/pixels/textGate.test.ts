// The text gate's two promises: it never clears a frame that shows text (every frame with text of
// the text-truth families, as written to DICOM and decoded, and of the text scenes), and it clears
// almost every synthetic CT slice without text (anatomy, noise, bone, contrast, table, padding).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSource } from '../dicom/byteSource';
import { parseDicom } from '../dicom/parseDicom';
import { readFrame } from '../ocr/frameReading';
import { ctAnatomySlice } from '../../../test/fixtures/ctAnatomy';
import { buildTextTruth } from '../../../test/fixtures/textTruth/families';
import type { TruthImage } from '../../../test/fixtures/textTruth/truth';
import { emptyScenes, textScenes, type TextScene } from '../../../test/fixtures/textScenes';
import type { DecodedFrame } from './decodedFrame';
import { locatePixels } from './locateImage';
import { textGate } from './textGate';

function sceneFrame(s: TextScene): DecodedFrame {
  return { data: s.data, width: s.width, height: s.height, samplesPerPixel: s.channels, photometric: s.channels === 3 ? 'RGB' : 'MONOCHROME2', planar: false, bitsAllocated: 8, bitsStored: 8, signed: false };
}

function ctFrame(data: Int16Array, size: number): DecodedFrame {
  return { data, width: size, height: size, samplesPerPixel: 1, photometric: 'MONOCHROME2', planar: false, bitsAllocated: 16, bitsStored: 16, signed: true };
}

describe('textGate recall: no frame with text is cleared', () => {
  let root: string;
  let truth: TruthImage[];
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'deid-gate-'));
    truth = buildTextTruth(root);
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('every frame of every text-truth image that shows text in Pixel Data, decoded as the pipeline decodes it', async () => {
    const cleared: string[] = [];
    let checked = 0;
    for (const image of truth) {
      const frames = new Set(image.strings.filter((s) => s.plane === 'pixels').flatMap((s) => s.frames));
      if (frames.size === 0) continue;
      const src = new FileSource(join(root, image.path));
      try {
        const located = locatePixels(parseDicom(src));
        expect(located, image.path).toBeDefined();
        if (!located) continue;
        for (const f of frames) {
          const { frame } = await readFrame(located, f);
          checked++;
          if (textGate(frame).clear) cleared.push(`${image.path} frame ${f}`);
        }
      } finally {
        src.close();
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(cleared).toEqual([]);
  }, 120_000);

  it('every text scene (bright, dark, colour, 7 px, mid-grey, edge, vertical, tiny)', () => {
    const scenes = textScenes();
    expect(scenes.length).toBeGreaterThan(5);
    expect(scenes.filter((s) => textGate(sceneFrame(s)).clear).map((s) => s.name)).toEqual([]);
  });

  it('a single short word, bright or dark, on a flat or noisy field', () => {
    // 3×5 strokes of "IT" drawn by hand: the smallest text the detector reads.
    for (const [bg, ink, noise] of [[0, 255, 0], [200, 20, 6], [40, 120, 4]] as const) {
      const w = 64;
      const h = 32;
      const data = new Uint8Array(w * h);
      let seed = 1;
      for (let i = 0; i < data.length; i++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        data[i] = Math.max(0, Math.min(255, bg + Math.round(((seed >>> 16) / 65536 - 0.5) * 2 * noise)));
      }
      const glyphs = ['###.###', '.#...#.', '.#...#.', '.#...#.', '###..#.'];
      glyphs.forEach((line, y) => [...line].forEach((c, x) => {
        if (c === '#') data[(10 + y * 2) * w + 20 + x * 2] = data[(10 + y * 2) * w + 21 + x * 2] = data[(11 + y * 2) * w + 20 + x * 2] = data[(11 + y * 2) * w + 21 + x * 2] = ink;
      }));
      expect(textGate({ data, width: w, height: h, samplesPerPixel: 1, photometric: 'MONOCHROME2', planar: false, bitsAllocated: 8, bitsStored: 8, signed: false }).clear).toBe(false);
    }
  });

  it('never clears a palette frame (indices are not brightness)', () => {
    const data = new Uint8Array(64 * 64);
    expect(textGate({ data, width: 64, height: 64, samplesPerPixel: 1, photometric: 'PALETTE COLOR', planar: false, bitsAllocated: 8, bitsStored: 8, signed: false }).clear).toBe(false);
  });
});

describe('textGate clearance: frames without text', () => {
  it('clears at least 99 % of synthetic CT slices without text (anatomy, lungs, bone, contrast, table, -2000 and -1024 padding)', () => {
    const slices = 120;
    let cleared = 0;
    const flagged: string[] = [];
    for (let i = 0; i < slices; i++) {
      const { data, rows } = ctAnatomySlice(i, { size: 512, padding: i % 2 ? -2000 : -1024, noise: 8 + (i % 3) * 6 });
      const r = textGate(ctFrame(data, rows));
      if (r.clear) cleared++;
      else flagged.push(`slice ${i}: ${r.reason} at ${r.regions.slice(0, 3).map((g) => `${g.x},${g.y} (${g.pairs})`).join('; ')}`);
    }
    // The figure the issue asks for, printed with the run.
    process.stdout.write(`text gate cleared ${cleared} of ${slices} synthetic no-text CT slices (${((100 * cleared) / slices).toFixed(1)} %)\n`);
    expect(cleared / slices, flagged.slice(0, 5).join('\n')).toBeGreaterThanOrEqual(0.99);
  });

  it('clears the text scenes library\'s empty frames (blank, noisy, smooth anatomy, colour noise)', () => {
    expect(emptyScenes().filter((s) => !textGate(sceneFrame(s)).clear).map((s) => s.name)).toEqual([]);
  });
});
