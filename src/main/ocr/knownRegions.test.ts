// Reading a frame in the areas of the regions found on the frame before: only when the text gate
// clears everything outside them, and never when a region found there runs on past its area.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeBurnedImage } from '../../../test/fixtures/burnedInImages';
import { createFrame, drawText } from '../../../test/pixelText/renderText';
import { region, scriptedEngines } from '../../../test/support/scriptedEngines';
import type { DecodedFrame } from '../pixels/decodedFrame';
import { findImageTextFile } from './imageText';
import { createRegionSequence, findTextInKnownAreas } from './knownRegions';
import type { TextDetector } from './textEngines';
import type { JudgeLine } from './textFinder';

const keepAll: JudgeLine = () => ({ keep: true, reason: 'explained' });

/** A 200×80 grey frame with `LAO 30` at (60, 30), and more text wherever asked. */
function frameWith(extra?: { text: string; x: number; y: number }): DecodedFrame {
  const f = createFrame(200, 80, 'uint8', 20);
  drawText(f, 'LAO 30', 60, 30, { value: 230 });
  if (extra) drawText(f, extra.text, extra.x, extra.y, { value: 230 });
  return { data: f.data, width: 200, height: 80, samplesPerPixel: 1, photometric: 'MONOCHROME2', planar: false, bitsAllocated: 8, bitsStored: 8, signed: false };
}
const viewsOf = (f: DecodedFrame) => [{ width: f.width, height: f.height, channels: 1 as const, data: f.data as Uint8Array }];
// The region the detector found around `LAO 30` on the last frame.
const known = [{ x: 58, y: 28, w: 40, h: 12 }];

describe('findTextInKnownAreas', () => {
  it('reads the text in the widened area only, in frame pixels, when the gate clears the rest', async () => {
    const engines = scriptedEngines({ regions: [region(25, 24, 40, 12)], text: { 25: 'LAO 30' }, tesseract: [] });
    const f = frameWith();
    const found = await findTextInKnownAreas(f, viewsOf(f), known, engines.find, keepAll);
    // The area is the region widened by two of its heights (24 px) on every side: x 34, y 4.
    expect(found).toEqual([expect.objectContaining({ x: 59, y: 28, w: 40, h: 12, text: 'LAO 30', keep: true })]);
    expect(engines.calls.detect).toBe(1);
    await engines.close();
  });

  it('gives up (the frame is read whole) when text lies outside the areas, without running the detector', async () => {
    const engines = scriptedEngines({ regions: [region(25, 24, 40, 12)], text: { 25: 'LAO 30' }, tesseract: [] });
    const f = frameWith({ text: 'DOE JOHN 1970', x: 120, y: 60 });
    expect(await findTextInKnownAreas(f, viewsOf(f), known, engines.find, keepAll)).toBeUndefined();
    expect(engines.calls.detect).toBe(0);
    await engines.close();
  });

  it('gives up when a region found reaches the edge of its area inside the frame (the text may run on)', async () => {
    const engines = scriptedEngines({ regions: [region(0, 24, 40, 12)], text: { 0: 'LAO 30' }, tesseract: [] });
    const f = frameWith();
    expect(await findTextInKnownAreas(f, viewsOf(f), known, engines.find, keepAll)).toBeUndefined();
    await engines.close();
  });

  it('accepts a region at the edge of its area where the area ends at the frame edge', async () => {
    const engines = scriptedEngines({ regions: [region(0, 2, 40, 12)], text: { 0: 'LAO 30' }, tesseract: [] });
    const f = createFrame(200, 80, 'uint8', 20);
    drawText(f, 'LAO 30', 1, 3, { value: 230 });
    const frame: DecodedFrame = { data: f.data, width: 200, height: 80, samplesPerPixel: 1, photometric: 'MONOCHROME2', planar: false, bitsAllocated: 8, bitsStored: 8, signed: false };
    const found = await findTextInKnownAreas(frame, viewsOf(frame), [{ x: 0, y: 2, w: 40, h: 12 }], engines.find, keepAll);
    expect(found).toEqual([expect.objectContaining({ x: 0, y: 2, text: 'LAO 30' })]);
    await engines.close();
  });

  it('has nothing to go on without regions from an earlier frame', async () => {
    const engines = scriptedEngines({ regions: [], text: {}, tesseract: [] });
    const f = frameWith();
    expect(await findTextInKnownAreas(f, viewsOf(f), [], engines.find, keepAll)).toBeUndefined();
    await engines.close();
  });
});

describe('the slices of a series as the frames of one cine (findImageTextFile with a shared sequence)', () => {
  it('reads the second slice in the areas of what was found on the first, and a slice of another size whole', async () => {
    const work = mkdtempSync(join(tmpdir(), 'deid-known-'));
    try {
      const slice = (name: string, cols: number, instance: number): string => {
        const f = createFrame(cols, 80, 'uint8', 20);
        drawText(f, 'LAO 30', 60, 30, { value: 230 });
        return writeBurnedImage(work, { path: name, patient: { name: 'A^B', id: 'P-1', birthDate: '19700101' }, rows: 80, cols, photometric: 'MONOCHROME2', bitsAllocated: 8, bitsStored: 8, pixelData: f.data as Uint8Array, instance });
      };
      const seen: string[] = [];
      const engines = scriptedEngines({ regions: [], text: {}, tesseract: [] });
      // Where the region is depends on what the detector is shown: the whole slice, or an area cut from it.
      const detector: TextDetector = {
        engine: 'ppocr',
        async detect(image) {
          seen.push(`${image.width}x${image.height}`);
          return image.width === 200 || image.width === 240 ? [region(59, 28, 40, 12)] : [region(25, 24, 40, 12)];
        },
        async close() {},
      };
      const find = { detector, recognizer: engines.find.recognizer };
      engines.script.text = { 59: 'LAO 30', 25: 'LAO 30' };
      const sequence = createRegionSequence();
      const first = await findImageTextFile(slice('a.dcm', 200, 1), { engines: find, judge: keepAll, sequence });
      expect(first.rects).toEqual([expect.objectContaining({ x: 59, y: 28, w: 40, h: 12, text: 'LAO 30' })]);
      expect(seen.every((s) => s === '200x80')).toBe(true);
      seen.length = 0;
      const second = await findImageTextFile(slice('b.dcm', 200, 2), { engines: find, judge: keepAll, sequence });
      // Found at 25, 24 of the area that starts at 35, 4.
      expect(second.rects).toEqual([expect.objectContaining({ x: 60, y: 28, w: 40, h: 12, text: 'LAO 30' })]);
      // Only the area around the region (widened by 24 px on every side) went to the detector.
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((s) => s === '88x60')).toBe(true);
      seen.length = 0;
      await findImageTextFile(slice('c.dcm', 240, 3), { engines: find, judge: keepAll, sequence });
      expect(seen.every((s) => s === '240x80')).toBe(true);
      await engines.close();
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
