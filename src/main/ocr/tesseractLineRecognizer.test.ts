import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textScenes, type TextScene } from '../../../test/fixtures/textScenes';
import { readsAs } from '../../../test/support/sceneScoring';
import { OcrError } from './ocrErrors';
import { createTesseractLineRecognizer } from './tesseractLineRecognizer';
import type { LineRecognizer } from './textEngines';

/** The region a detector would give for a string: its ink and a few pixels around it. */
const regionOf = (ink: TextScene['strings'][number]['ink'], vertical = false) => ({ x: ink.x - 3, y: ink.y - 3, w: ink.w + 6, h: ink.h + 6, score: 1, vertical });

describe('tesseract line recogniser', () => {
  let reader: LineRecognizer;
  const scenes = textScenes().filter((s) => s.name !== 'small');
  beforeAll(() => {
    reader = createTesseractLineRecognizer({ size: 2 });
  });
  afterAll(() => reader.close());

  it('is the other engine', () => {
    expect(reader.engine).toBe('tesseract');
  });

  it('reads the names, IDs and dates of the scenes, in any colour and polarity, with its own preprocessing', async () => {
    const wrong: string[] = [];
    for (const s of scenes) {
      const phi = s.strings.filter((str) => str.phi);
      const lines = await reader.recognizeMany(s, phi.map((str) => regionOf(str.ink, str.vertical)));
      phi.forEach((str, i) => {
        if (!readsAs(lines[i].text, str.text)) wrong.push(`${s.name}: "${str.text}" read as "${lines[i].text}"`);
      });
    }
    expect(wrong).toEqual([]);
  });

  it('reads side bars at 90 and 270 and says which', async () => {
    const scene = scenes.find((s) => s.name === 'vertical') as TextScene;
    const lines = await reader.recognizeMany(scene, scene.strings.map((str) => regionOf(str.ink, true)));
    expect(lines.map((l) => l.rotation)).toEqual([90, 270]);
    // Character spans run along the image's y axis, inside the region.
    const up = scene.strings[0].ink;
    for (const c of lines[0].chars) {
      expect(c.x0).toBeGreaterThanOrEqual(up.y - 3);
      expect(c.x1).toBeLessThanOrEqual(up.y + up.h + 3);
    }
  });

  it('reads nothing in a region without text', async () => {
    const scene = scenes[0];
    const line = await reader.recognize(scene, { x: 120, y: 120, w: 60, h: 16 });
    expect(line.text.replace(/[^A-Za-z0-9]/g, '')).toBe('');
  });

  it('stops on abort and refuses work after close', async () => {
    const own = createTesseractLineRecognizer({ size: 1 });
    const scene = scenes[0];
    const aborted = await own.recognize(scene, regionOf(scene.strings[0].ink), { signal: AbortSignal.abort() }).catch((e: Error) => e.name);
    expect(aborted).toBe('AbortError');
    await own.close();
    const closed = await own.recognize(scene, regionOf(scene.strings[0].ink)).catch((e: unknown) => (e instanceof OcrError ? e.code : e));
    expect(closed).toBe('OCR_CLOSED');
  });
});
