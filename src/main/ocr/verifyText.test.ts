// The verify pass and the text gate: a frame nothing was burned in that the gate clears on the
// written pixels is checked by the gate alone; a frame with a box burned always gets the full check.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeBurnedImage } from '../../../test/fixtures/burnedInImages';
import { createFrame, drawText } from '../../../test/pixelText/renderText';
import { region, scriptedEngines } from '../../../test/support/scriptedEngines';
import { FileSource } from '../dicom/byteSource';
import { parseDicom } from '../dicom/parseDicom';
import { locatePixels } from '../pixels/locateImage';
import { checkTextLeft, type ExplainedBox } from './verifyText';

const work = mkdtempSync(join(tmpdir(), 'deid-verify-gate-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function check(pixels: Uint8Array, unburned: boolean): Promise<{ found: number; detect: number; tesseract: number }> {
  const path = writeBurnedImage(work, { path: `v${Math.random().toString(36).slice(2)}.dcm`, patient: { name: 'V^W', id: 'P-9', birthDate: '19700101' }, rows: 32, cols: 64, photometric: 'MONOCHROME2', bitsAllocated: 8, bitsStored: 8, pixelData: pixels, instance: 1 });
  const engines = scriptedEngines({ regions: [region(2, 2, 30, 8)], text: {}, tesseract: [] });
  const src = new FileSource(path);
  try {
    const located = locatePixels(parseDicom(src));
    if (!located) throw new Error('no pixels');
    const left = await checkTextLeft(located, { engines: engines.verify, explained: [], unburnedFrame: () => unburned });
    return { found: left.length, detect: engines.calls.detect, tesseract: engines.calls.tesseract };
  } finally {
    src.close();
    await engines.close();
  }
}

describe('checkTextLeft with the text gate', () => {
  it('checks an unburned frame the gate clears with the gate alone', async () => {
    expect(await check(createFrame(64, 32, 'uint8', 30).data as Uint8Array, true)).toEqual({ found: 0, detect: 0, tesseract: 0 });
  });

  it('runs the detector and tesseract on an unburned frame the gate does not clear', async () => {
    const f = createFrame(64, 32, 'uint8', 0);
    drawText(f, 'TEXT', 4, 4, { value: 255 });
    const r = await check(f.data as Uint8Array, true);
    expect(r.detect).toBeGreaterThan(0);
    expect(r.tesseract).toBeGreaterThan(0);
    expect(r.found).toBeGreaterThan(0);
  });

  it('runs the detector on a burned frame even when the gate would clear it (and finds what it sees)', async () => {
    const r = await check(createFrame(64, 32, 'uint8', 30).data as Uint8Array, false);
    expect(r.detect).toBeGreaterThan(0);
    expect(r.found).toBeGreaterThan(0);
  });
});

describe('checkTextLeft across the rounds of one image (checkedClean)', () => {
  const frames = (fills: number[]): Uint8Array => {
    const data = new Uint8Array(64 * 32 * fills.length);
    fills.forEach((v, i) => data.fill(v, i * 64 * 32, (i + 1) * 64 * 32));
    return data;
  };
  const write = (pixels: Uint8Array): string => writeBurnedImage(work, { path: `r${Math.random().toString(36).slice(2)}.dcm`, patient: { name: 'V^W', id: 'P-9', birthDate: '19700101' }, rows: 32, cols: 64, frames: 3, photometric: 'MONOCHROME2', bitsAllocated: 8, bitsStored: 8, pixelData: pixels, instance: 1 });
  const round = async (path: string, explained: ExplainedBox[], checkedClean: Set<string>): Promise<{ framesFound: (number | null)[]; detect: number }> => {
    // The scripted detector sees a region on every frame it is shown.
    const engines = scriptedEngines({ regions: [region(2, 2, 30, 8)], text: {}, tesseract: [] });
    const src = new FileSource(path);
    try {
      const located = locatePixels(parseDicom(src));
      if (!located) throw new Error('no pixels');
      const left = await checkTextLeft(located, { engines: engines.verify, explained, checkedClean });
      return { framesFound: [...new Set(left.map((l) => l.frame))], detect: engines.calls.detect };
    } finally {
      src.close();
      await engines.close();
    }
  };
  const explainedOn = (frame: number): ExplainedBox => ({ plane: 'frame', overlayGroup: null, frame, x: 0, y: 0, w: 40, h: 16 });

  it('does not look again at a frame an earlier round found clean and that comes back the same, and looks again at any other', async () => {
    const first = write(frames([10, 20, 30]));
    const checked = new Set<string>();
    const explained = [explainedOn(0), explainedOn(1)];
    const one = await round(first, explained, checked);
    expect(one.framesFound).toEqual([2]);
    const perFrame = one.detect / 3;
    expect(perFrame).toBeGreaterThan(0);
    // Round two: the same frames (as if the finding on frame 2 could not be burned): only frame 2 again.
    expect(await round(first, explained, checked)).toEqual({ framesFound: [2], detect: perFrame });
    // Frame 0 written differently: checked again, as is frame 2.
    expect(await round(write(frames([11, 20, 30])), explained, checked)).toMatchObject({ detect: 2 * perFrame });
    // Frame 1 with its explained region gone: checked again, and its text is now a finding.
    expect(await round(first, [explainedOn(0)], checked)).toEqual({ framesFound: [1, 2], detect: 2 * perFrame });
    // Without the set, every frame is checked.
    expect((await round(first, explained, new Set())).detect).toBe(3 * perFrame);
  });
});
