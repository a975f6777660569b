import { afterAll, describe, expect, it } from 'vitest';
import { addNoise, createFrame, drawText, fillAnatomy } from '../../../test/pixelText/renderText';
import type { PixelBox, PixelTarget } from '../../../test/pixelText/renderText';
import type { Box } from './grayImage';
import type { OcrFrameInput } from './intensity';
import { assignLines, mergeReadings, ocrFrame, ocrOverlay } from './ocrFrame';
import type { OcrRect } from './ocrFrame';
import { createOcrPool } from './tesseractPool';


/** Fraction of `box` covered by the union of `boxes`. */
function coverage(box: PixelBox, boxes: readonly Box[]): number {
  let covered = 0;
  for (let y = box.y; y < box.y + box.h; y++) {
    for (let x = box.x; x < box.x + box.w; x++) {
      if (boxes.some((b) => x >= b.x && x < b.x + b.w && y >= b.y && y < b.y + b.h)) covered++;
    }
  }
  return covered / (box.w * box.h);
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

interface Scene {
  frame: OcrFrameInput;
  phi: { ink: PixelBox; reason: RegExp }[];
  harmless: PixelBox;
}

function scene(build: (target: PixelTarget) => void, value: number, scale: number): Scene {
  const target = createFrame(512, 512, 'uint16', 0);
  build(target);
  const draw = (text: string, x: number, y: number) => drawText(target, text, x, y, { value, scale }).ink;
  const phi = [
    { ink: draw('MULLER^JURGEN', 12, 12), reason: /^name:(MULLER|JURGEN)$/ },
    { ink: draw('MRN-A-7781', 12, 12 + 16 * scale), reason: /^id:MRN-A-7781$/ },
    { ink: draw('1962-03-14', 300, 470), reason: /^date:birth$/ },
  ];
  const harmless = draw('120 kV', 300, 12 + 16 * scale);
  return { frame: { ...target, samplesPerPixel: 1, bitsStored: 12, signed: false, photometric: 'MONOCHROME2' }, phi, harmless };
}

const scenes: Record<string, Scene> = {
  'bright text on anatomy': scene((t) => fillAnatomy(t, 200, 2500, 7), 4095, 1),
  'dark text on a bright field': scene((t) => fillAnatomy(t, 1800, 3600, 3), 0, 2),
  'bright text on a noisy field': scene((t) => {
    fillAnatomy(t, 300, 2000, 5);
    addNoise(t, 600, 9);
  }, 4095, 1),
};

describe('ocrFrame (tesseract)', () => {
  const pool = createOcrPool({ size: 1 });
  afterAll(() => pool.close());
  const timings: number[] = [];

  for (const [name, { frame, phi, harmless }] of Object.entries(scenes)) {
    it(`reads every string of ${name}, the identifiers and "120 kV" (what the verify pass relies on)`, { timeout: 60_000 }, async () => {
      const started = performance.now();
      const rects = await ocrFrame(pool, frame);
      timings.push(performance.now() - started);
      for (const { ink, reason } of phi) {
        const over = rects.filter((r) => overlaps(r.box, ink) && !r.weak);
        expect(over.length, `${reason}: nothing read over it`).toBeGreaterThan(0);
        expect(coverage(ink, over.map((r) => r.box))).toBeGreaterThanOrEqual(0.9);
      }
      expect(rects.some((r) => overlaps(r.box, harmless)), '120 kV was read').toBe(true);
    });
  }

  it('reads an overlay plane in its own coordinates', { timeout: 60_000 }, async () => {
    const plane = createFrame(160, 40, 'uint8');
    const ink = drawText(plane, 'MULLER', 20, 10, { value: 1 }).ink;
    const rects = await ocrOverlay(pool, { data: plane.data as Uint8Array, width: 160, height: 40 });
    expect(rects.map((r) => r.text)).toEqual(['MULLER']);
    expect(coverage(ink, [rects[0].box])).toBe(1);
  });

  afterAll(() => {
    // Reported, not asserted: machines differ.
    console.info(`ocrFrame 512x512, 1 worker: ${timings.map((t) => `${t.toFixed(0)} ms`).join(', ')} (first includes worker start)`);
  });
});

describe('mergeReadings and assignLines', () => {
  const reading = (text: string, x: number, y: number, confidence: number, variant: 'bright' | 'full' = 'bright') => ({
    text,
    confidence,
    box: { x, y, w: 40, h: 10 },
    variant,
  });

  it('merges overlapping readings, keeping the most confident text and the others as alternatives', () => {
    const merged = mergeReadings([reading('MRH-A-7781', 10, 10, 40, 'full'), reading('MRN-A-7781', 11, 10, 80), reading('KV', 200, 10, 90)]);
    expect(merged).toHaveLength(2);
    const id = merged.find((r) => r.text === 'MRN-A-7781');
    expect(id?.alternatives).toEqual(['MRH-A-7781']);
    expect(id?.variants).toEqual(['bright', 'full']);
  });

  it('groups words into lines in reading order and keeps distant labels apart', () => {
    const rect = (text: string, x: number, y: number): OcrRect => ({
      text, confidence: 90, alternatives: [], variants: ['bright'], line: -1, box: { x, y, w: 20, h: 10 },
    });
    const lines = assignLines([rect('94', 60, 101), rect('30', 10, 100), rect('JAN', 35, 99), rect('R', 400, 100), rect('TOP', 10, 5)]);
    expect(lines.map((r) => `${r.line}:${r.text}`)).toEqual(['0:TOP', '1:30', '1:JAN', '1:94', '2:R']);
  });
});
