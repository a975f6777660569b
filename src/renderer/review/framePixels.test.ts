import { describe, expect, it } from 'vitest';
import { PixelFormatError } from '../viewer/decodedPixels';
import { framePixels, frameKey, parseFrameKey } from './framePixels';
import type { FrameAnswer } from './framePixels';

function answer(over: Partial<FrameAnswer>): FrameAnswer {
  return {
    imageId: 'img_aaaaaa',
    frame: 0,
    width: 2,
    height: 2,
    format: 'gray16',
    signed: false,
    rescale: { slope: 1, intercept: 0 },
    window: { center: 100, width: 200 },
    minPixelValue: 0,
    maxPixelValue: 300,
    invert: false,
    pixels: new ArrayBuffer(8),
    ...over,
  };
}

describe('frame keys', () => {
  it('round-trip image id and frame', () => {
    expect(parseFrameKey(frameKey('img_abc_12', 7))).toEqual({ imageId: 'img_abc_12', frame: 7 });
    expect(() => parseFrameKey('img_abc')).toThrow(PixelFormatError);
  });
});

describe('framePixels', () => {
  it('reads gray16 as signed or unsigned little-endian values with rescale and window', () => {
    const buf = new ArrayBuffer(8);
    new DataView(buf).setInt16(0, -1000, true);
    new DataView(buf).setInt16(6, 2000, true);
    const px = framePixels(answer({ pixels: buf, signed: true, rescale: { slope: 1, intercept: -1024 }, invert: true }));
    expect(px.data).toBeInstanceOf(Int16Array);
    expect([px.data[0], px.data[3]]).toEqual([-1000, 2000]);
    expect([px.intercept, px.windowCenter, px.windowWidth, px.invert]).toEqual([-1024, 100, 200, true]);
    expect(framePixels(answer({})).data).toBeInstanceOf(Uint16Array);
  });

  it('shows gray8 as sent (identity window) and rgba8 as colour', () => {
    const g = framePixels(answer({ format: 'gray8', pixels: new Uint8Array([0, 64, 128, 255]).buffer }));
    expect([g.windowCenter, g.windowWidth, g.layout]).toEqual([128, 256, 'gray']);
    const c = framePixels(answer({ format: 'rgba8', pixels: new ArrayBuffer(16) }));
    expect(c.layout).toBe('rgba');
  });

  it('refuses a body shorter than the frame', () => {
    expect(() => framePixels(answer({ pixels: new ArrayBuffer(6) }))).toThrow(/expected 8/);
    expect(() => framePixels(answer({ format: 'rgba8', pixels: new ArrayBuffer(8) }))).toThrow(PixelFormatError);
  });
});
