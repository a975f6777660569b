import { describe, expect, it } from 'vitest';
import { OcrError } from './ocrErrors';
import type { TextImage } from './textEngines';
import { checkTextImage, clipBox, cropUpright, uprightSpanToImage } from './textImage';

/** A 4 x 3 grey image whose pixel value is its index. */
const image: TextImage = { width: 4, height: 3, channels: 1, data: Uint8Array.from({ length: 12 }, (_, i) => i) };

describe('cropUpright', () => {
  it('cuts a box out as it is', () => {
    expect([...cropUpright(image, { x: 1, y: 1, w: 2, h: 2 }, 0).data]).toEqual([5, 6, 9, 10]);
  });

  it('turns a crop clockwise so text running bottom-to-top reads left to right', () => {
    const turned = cropUpright(image, { x: 0, y: 0, w: 4, h: 3 }, 90);
    expect([turned.width, turned.height]).toEqual([3, 4]);
    // The first row of the turned crop is the first column read from the bottom.
    expect([...turned.data.subarray(0, 3)]).toEqual([8, 4, 0]);
  });

  it('turns a crop anticlockwise so text running top-to-bottom reads left to right', () => {
    const turned = cropUpright(image, { x: 0, y: 0, w: 4, h: 3 }, 270);
    expect([...turned.data.subarray(0, 3)]).toEqual([3, 7, 11]);
  });

  it('keeps the three samples of a colour pixel together', () => {
    const rgb: TextImage = { width: 2, height: 1, channels: 3, data: Uint8Array.from([1, 2, 3, 4, 5, 6]) };
    expect([...cropUpright(rgb, { x: 0, y: 0, w: 2, h: 1 }, 90).data]).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...cropUpright(rgb, { x: 0, y: 0, w: 2, h: 1 }, 270).data]).toEqual([4, 5, 6, 1, 2, 3]);
  });
});

describe('uprightSpanToImage', () => {
  const box = { x: 10, y: 100, w: 20, h: 50 };

  it('maps the upright x axis to image x, or to image y read upwards or downwards', () => {
    expect(uprightSpanToImage(box, 0, 2, 5)).toEqual({ x0: 12, x1: 15 });
    // At 90 the upright line starts at the bottom of the box.
    expect(uprightSpanToImage(box, 90, 0, 10)).toEqual({ x0: 140, x1: 150 });
    expect(uprightSpanToImage(box, 270, 0, 10)).toEqual({ x0: 100, x1: 110 });
  });
});

describe('clipBox', () => {
  it('clips to the image with whole-pixel edges, and gives null outside it', () => {
    expect(clipBox({ x: -3.5, y: 1.2, w: 5, h: 10 }, 4, 3)).toEqual({ x: 0, y: 1, w: 2, h: 2 });
    expect(clipBox({ x: 5, y: 0, w: 5, h: 5 }, 4, 3)).toBeNull();
  });
});

describe('checkTextImage', () => {
  const code = (f: () => void): string | undefined => {
    try {
      f();
      return undefined;
    } catch (e) {
      return e instanceof OcrError ? e.code : 'other';
    }
  };

  it('accepts a whole image and refuses a short buffer, a bad channel count or an absurd size', () => {
    expect(code(() => checkTextImage(image))).toBeUndefined();
    expect(code(() => checkTextImage({ ...image, data: new Uint8Array(11) }))).toBe('OCR_BAD_INPUT');
    expect(code(() => checkTextImage({ ...image, channels: 4 as 3 }))).toBe('OCR_BAD_INPUT');
    // Refused by arithmetic: nothing of 65500 x 65500 is allocated.
    expect(code(() => checkTextImage({ width: 65500, height: 65500, channels: 1, data: new Uint8Array(1) }))).toBe('OCR_BAD_INPUT');
  });
});
