import { describe, expect, it } from 'vitest';
import { decodeFrame } from './decodeFrame';
import { encodeNativeFrame, encodeNativeFrames, nativeAttributes } from './encodeNative';
import { grayDescription } from '../../../test/support/pixels/descriptions';

describe('encodeNativeFrame', () => {
  it('writes decoded 16-bit samples back byte for byte', async () => {
    const bytes = new Uint8Array([0x18, 0xfc, 0x01, 0x00, 0xff, 0x7f, 0x00, 0x80, 0x34, 0x12, 0x00, 0x00]);
    for (const pixelRepresentation of [0, 1] as const) {
      const frame = await decodeFrame(grayDescription({ pixelRepresentation }), bytes);
      expect(Array.from(encodeNativeFrame(frame))).toEqual(Array.from(bytes));
      expect(nativeAttributes(frame)).toMatchObject({ bitsAllocated: 16, bitsStored: 16, highBit: 15, pixelRepresentation });
    }
  });

  it('writes converted colour as interleaved RGB and says so', async () => {
    const desc = grayDescription({ samplesPerPixel: 3, bitsAllocated: 8, bitsStored: 8, highBit: 7, rows: 1, columns: 1, photometric: 'YBR_FULL' });
    const frame = await decodeFrame(desc, new Uint8Array([100, 150, 90]));
    expect(Array.from(encodeNativeFrame(frame))).toEqual([47, 120, 139]);
    expect(nativeAttributes(frame)).toMatchObject({ photometric: 'RGB', samplesPerPixel: 3, planarConfiguration: 0 });
  });

  it('packs 1-bit frames back to back and pads the value to even length', async () => {
    const desc = grayDescription({ rows: 3, columns: 3, bitsAllocated: 1, bitsStored: 1, highBit: 0 });
    const a = await decodeFrame(desc, new Uint8Array([0b00000001, 0]));
    const b = await decodeFrame(desc, new Uint8Array([0b00000010, 0]));
    // Frame b's pixel 1 is stream bit 10.
    expect(Array.from(encodeNativeFrames([a, b]))).toEqual([0b00000001, 0b00000100, 0, 0]);
  });
});
