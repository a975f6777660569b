import { describe, expect, it } from 'vitest';
import type { DecodedFrame } from './decodedFrame';
import type { ImagePixelDescription } from './imageDescription';
import { greyTo8 } from '../../shared/pixels/voi';
import { toDisplay } from './viewerFrame';

function desc(over: Partial<ImagePixelDescription>): ImagePixelDescription {
  return {
    rows: 1, columns: 4, samplesPerPixel: 1, bitsAllocated: 16, bitsStored: 16, highBit: 15, pixelRepresentation: 0,
    photometric: 'MONOCHROME2', planarConfiguration: 0, numberOfFrames: 1, transferSyntaxUid: '1.2.840.10008.1.2.1', ...over,
  };
}

function frame(over: Partial<DecodedFrame>): DecodedFrame {
  return { data: new Uint16Array([0, 100, 200, 300]), width: 4, height: 1, samplesPerPixel: 1, photometric: 'MONOCHROME2', planar: false, bitsAllocated: 16, bitsStored: 16, signed: false, ...over };
}

describe('toDisplay', () => {
  it('windows modality values (slope/intercept applied) to 8 bits, inverting MONOCHROME1', () => {
    const d = desc({ rescaleSlope: 2, rescaleIntercept: -100, windowCenter: 250, windowWidth: 500 });
    const out = toDisplay(frame({}), d, 0, 'gray8');
    // Modality values -100, 100, 300, 500 through window 250/500: the ramp runs from 0 to 499.
    expect([...new Uint8Array(out.pixels)]).toEqual([0, 51, 153, 255]);
    expect([...new Uint8Array(out.pixels)]).toEqual([...greyTo8([-100, 100, 300, 500], { rescale: { slope: 1, intercept: 0 }, window: { center: 250, width: 500 }, invert: false })]);
    const inverted = toDisplay(frame({ photometric: 'MONOCHROME1' }), d, 0, 'gray8');
    expect([...new Uint8Array(inverted.pixels)]).toEqual([...new Uint8Array(out.pixels)].map((v) => 255 - v));
    expect(inverted.invert).toBe(true);
  });

  it('falls back to the frame range when the header has no window, and keeps signed stored values for gray16', () => {
    const signed = frame({ data: new Int16Array([-1000, 0, 1000, 3000]), signed: true });
    const out = toDisplay(signed, desc({ pixelRepresentation: 1 }), 0, 'gray16');
    expect(out.format).toBe('gray16');
    expect([...new Int16Array(out.pixels)]).toEqual([-1000, 0, 1000, 3000]);
    // The range window: its ramp runs from -1000 (0) to 3000 (255).
    expect(out.window).toEqual({ center: 1000.5, width: 4001 });
    expect([out.minPixelValue, out.maxPixelValue]).toEqual([-1000, 3000]);
  });

  it('turns RGB into RGBA', () => {
    const rgb = frame({ data: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), samplesPerPixel: 3, photometric: 'RGB', bitsAllocated: 8, bitsStored: 8 });
    const out = toDisplay(rgb, desc({ samplesPerPixel: 3, photometric: 'RGB', bitsAllocated: 8, bitsStored: 8 }), 0, 'gray16');
    expect(out.format).toBe('rgba8');
    expect([...new Uint8Array(out.pixels)]).toEqual([1, 2, 3, 255, 4, 5, 6, 255, 7, 8, 9, 255, 10, 11, 12, 255]);
  });
});
