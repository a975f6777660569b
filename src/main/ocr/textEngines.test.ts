import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Box } from './grayImage';
import type {
  DetectedRegion,
  DetectOptions,
  LineRecognizer,
  LineRotation,
  RecognizedChar,
  RecognizedLine,
  RecognizeOptions,
  TextDetector,
  TextEngineName,
  TextEnginePoolOptions,
  TextImage,
} from './textEngines';
import { charBox, defaultRotations } from './textEngines';

describe('defaultRotations', () => {
  it('reads a region the detector calls vertical at 90 and 270 (and upright), a horizontal one upright', () => {
    const region: DetectedRegion = { x: 0, y: 0, w: 20, h: 30, score: 0.9, vertical: true };
    expect(defaultRotations(region)).toEqual([90, 270, 0]);
    expect(defaultRotations({ ...region, vertical: false })).toEqual([0]);
  });

  it('judges a plain box by its shape', () => {
    expect(defaultRotations({ x: 0, y: 0, w: 10, h: 40 })).toEqual([90, 270, 0]);
    expect(defaultRotations({ x: 0, y: 0, w: 40, h: 10 })).toEqual([0]);
  });
});

describe('charBox', () => {
  const region: Box = { x: 100, y: 50, w: 80, h: 20 };

  it('spans image x across the full line height for upright text', () => {
    const line: RecognizedLine = { text: 'AB', confidence: 90, rotation: 0, chars: [{ text: 'B', x0: 140, x1: 150 }] };
    expect(charBox(region, line, line.chars[0])).toEqual({ x: 140, y: 50, w: 10, h: 20 });
  });

  it('spans image y across the full line width for rotated text', () => {
    const side: Box = { x: 5, y: 100, w: 16, h: 120 };
    expect(charBox(side, { rotation: 90 }, { text: 'J', x0: 130, x1: 141 })).toEqual({ x: 5, y: 130, w: 16, h: 11 });
  });

  it('clips a character that runs past the region', () => {
    expect(charBox(region, { rotation: 0 }, { text: 'X', x0: 170, x1: 200 })).toEqual({ x: 170, y: 50, w: 10, h: 20 });
  });
});

describe('the engine interfaces', () => {
  it('take an 8-bit image and give regions and lines in its pixels', () => {
    expectTypeOf<TextDetector['detect']>().parameters.toEqualTypeOf<[TextImage, DetectOptions?]>();
    expectTypeOf<TextDetector['detect']>().returns.resolves.toEqualTypeOf<DetectedRegion[]>();
    expectTypeOf<LineRecognizer['recognizeMany']>().returns.resolves.toEqualTypeOf<RecognizedLine[]>();
    expectTypeOf<LineRecognizer['recognize']>().parameter(2).toEqualTypeOf<RecognizeOptions | undefined>();
    expectTypeOf<LineRecognizer['engine']>().toEqualTypeOf<TextEngineName>();
    expectTypeOf<TextEnginePoolOptions['size']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<TextImage['channels']>().toEqualTypeOf<1 | 3>();
    expectTypeOf<RecognizedLine['rotation']>().toEqualTypeOf<LineRotation>();
    expectTypeOf<RecognizedLine['chars']>().toEqualTypeOf<RecognizedChar[]>();
  });
});
