import { afterAll, describe, expect, it } from 'vitest';
import { cropMagnify } from '../../src/main/ocr/resample';
import { createTesseractEngine } from '../../src/main/ocr/tesseractEngine';
import type { OcrEngine } from '../../src/main/ocr/tesseractEngine';
import { createFrame, drawText } from './renderText';

// Every letter (two pangrams), every digit, and the punctuation burned-in labels use.
const LINES = ['The quick brown fox jumps over the lazy dog.', 'PACK MY BOX WITH FIVE DOZEN LIQUOR JUGS', '0123456789 1962-03-14 12:30:05', 'MRN-A-7781 (#42) 3/4 x,y'];

describe('the bitmap font is legible to tesseract', () => {
  let engine: OcrEngine | undefined;
  afterAll(() => engine?.terminate());

  // Font scale x magnification: 9 px capitals magnified x2 (bilinear) as preprocess does, and
  // the font drawn at scale 2 read as is.
  for (const [scale, magnify] of [[1, 2], [2, 1]] as const) {
    it(`reads every word drawn at scale ${scale}, magnified x${magnify}`, { timeout: 60_000 }, async () => {
      engine ??= await createTesseractEngine();
      const frame = createFrame(16 + 8 * 46 * scale, (16 * LINES.length + 8) * scale, 'uint8', 255);
      LINES.forEach((line, i) => drawText(frame, line, 8 * scale, (4 + 16 * i) * scale, { scale, value: 0 }));
      const image = cropMagnify({ data: frame.data as Uint8Array, width: frame.width, height: frame.height }, { x: 0, y: 0, w: frame.width, h: frame.height }, magnify, 12, 255);
      const words = await engine.recognize(image);
      expect(words.map((w) => w.text)).toEqual(LINES.join(' ').split(' '));
    });
  }
});
