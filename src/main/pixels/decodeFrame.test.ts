import { describe, expect, it } from 'vitest';
import { decodeFrame } from './decodeFrame';
import { PixelDecodeError } from './decoders/pixelErrors';
import { grayDescription } from '../../../test/support/pixels/descriptions';
import { le16 } from '../../../test/support/pixels/words';

describe('decodeFrame on native data', () => {
  it('reads 8-bit unsigned and signed samples', async () => {
    const bytes = new Uint8Array([0, 1, 127, 128, 200, 255]);
    const u = await decodeFrame(grayDescription({ bitsAllocated: 8, bitsStored: 8, highBit: 7 }), bytes);
    expect(u.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(u.data)).toEqual([0, 1, 127, 128, 200, 255]);
    const s = await decodeFrame(grayDescription({ bitsAllocated: 8, bitsStored: 8, highBit: 7, pixelRepresentation: 1 }), bytes);
    expect(s.data).toBeInstanceOf(Int8Array);
    expect(Array.from(s.data)).toEqual([0, 1, 127, -128, -56, -1]);
    expect(s.signed).toBe(true);
  });

  it('reads 16-bit samples, signed ones as Int16Array', async () => {
    const values = [0, 1, 1000, 0x8000, 0xfc18, 0xffff];
    const u = await decodeFrame(grayDescription(), le16(values));
    expect(Array.from(u.data)).toEqual(values);
    const s = await decodeFrame(grayDescription({ pixelRepresentation: 1 }), le16(values));
    expect(s.data).toBeInstanceOf(Int16Array);
    expect(Array.from(s.data)).toEqual([0, 1, 1000, -32768, -1000, -1]);
  });

  it('masks 12-bit data to Bits Stored and sign-extends it', async () => {
    const raw = le16([0xf123, 0x0fff, 0x0800, 0xf7ff, 0x8001, 0x0000]);
    const u = await decodeFrame(grayDescription({ bitsStored: 12, highBit: 11 }), raw);
    expect(Array.from(u.data)).toEqual([0x123, 0xfff, 0x800, 0x7ff, 0x001, 0]);
    const s = await decodeFrame(grayDescription({ bitsStored: 12, highBit: 11, pixelRepresentation: 1 }), raw);
    expect(Array.from(s.data)).toEqual([0x123, -1, -2048, 2047, 1, 0]);
    const kept = await decodeFrame(grayDescription({ bitsStored: 12, highBit: 11 }), raw, { keepUnusedBits: true });
    expect(kept.data[0]).toBe(0xf123);
  });

  it('shifts data whose High Bit sits above Bits Stored − 1', async () => {
    const frame = await decodeFrame(grayDescription({ bitsStored: 12, highBit: 15, columns: 1, rows: 1 }), le16([0x1234]));
    expect(frame.data[0]).toBe(0x123);
  });

  it('returns every frame of a multi-frame native image from its own bytes', async () => {
    const desc = grayDescription({ numberOfFrames: 2, rows: 1, columns: 2 });
    const second = await decodeFrame(desc, le16([7, 8]));
    expect(Array.from(second.data)).toEqual([7, 8]);
  });

  it('unpacks 1-bit data to one 0/1 value per pixel', async () => {
    const desc = grayDescription({ rows: 2, columns: 5, bitsAllocated: 1, bitsStored: 1, highBit: 0 });
    const frame = await decodeFrame(desc, new Uint8Array([0b10000101, 0b00000010]));
    expect(Array.from(frame.data)).toEqual([1, 0, 1, 0, 0, 0, 0, 1, 0, 1]);
    expect(frame.bitsAllocated).toBe(1);
  });

  it('reads 32-bit float pixel data without Bits Stored', async () => {
    const f = new Float32Array([1.5, -2.25]);
    const desc = grayDescription({ rows: 1, columns: 2, bitsAllocated: 32, bitsStored: 0, highBit: 0, floatPixelData: true });
    const frame = await decodeFrame(desc, new Uint8Array(f.buffer));
    expect(Array.from(frame.data)).toEqual([1.5, -2.25]);
  });

  it('passes the padding value through', async () => {
    const frame = await decodeFrame(grayDescription({ pixelRepresentation: 1, pixelPaddingValue: -2000 }), le16([0, 0, 0, 0, 0, 0]));
    expect(frame.paddingValue).toBe(-2000);
  });
});

describe('decodeFrame colour', () => {
  const color = { samplesPerPixel: 3, bitsAllocated: 8, bitsStored: 8, highBit: 7, rows: 1 };

  it('converts YBR_FULL with the PS3.3 equations', async () => {
    // Hand-computed: R = Y + 1.402(Cr−128); G = Y − 0.344136(Cb−128) − 0.714136(Cr−128); B = Y + 1.772(Cb−128).
    const desc = grayDescription({ ...color, columns: 3, photometric: 'YBR_FULL' });
    const frame = await decodeFrame(desc, new Uint8Array([100, 150, 90, 255, 128, 128, 0, 128, 255]));
    expect(frame.photometric).toBe('RGB');
    expect(Array.from(frame.data)).toEqual([47, 120, 139, 255, 255, 255, 178, 0, 0]);
  });

  it('upsamples YBR_FULL_422 chroma to both pixels of a pair', async () => {
    const desc = grayDescription({ ...color, columns: 2, photometric: 'YBR_FULL_422' });
    const frame = await decodeFrame(desc, new Uint8Array([100, 200, 150, 90]));
    expect(Array.from(frame.data)).toEqual([47, 120, 139, 147, 220, 239]);
  });

  it('interleaves colour-by-plane RGB', async () => {
    const desc = grayDescription({ ...color, columns: 2, photometric: 'RGB', planarConfiguration: 1 });
    const frame = await decodeFrame(desc, new Uint8Array([1, 2, 10, 20, 100, 200]));
    expect(frame.planar).toBe(false);
    expect(Array.from(frame.data)).toEqual([1, 10, 100, 2, 20, 200]);
  });

  it('keeps palette images as indices', async () => {
    const desc = grayDescription({ bitsAllocated: 8, bitsStored: 8, highBit: 7, photometric: 'PALETTE COLOR' });
    const frame = await decodeFrame(desc, new Uint8Array([0, 1, 2, 3, 4, 5]));
    expect(frame.photometric).toBe('PALETTE COLOR');
    expect(Array.from(frame.data)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('decodeFrame errors', () => {
  it('names the syntax it cannot decode', async () => {
    const desc = grayDescription({ transferSyntaxUid: '1.2.840.10008.1.2.4.112' });
    const error = await decodeFrame(desc, new Uint8Array(12)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PixelDecodeError);
    expect((error as PixelDecodeError).code).toBe('CANNOT_DECODE');
    expect((error as PixelDecodeError).message).toBe('cannot decode JPEG XL');
  });

  it('reports a short native frame', async () => {
    await expect(decodeFrame(grayDescription(), new Uint8Array(4))).rejects.toMatchObject({ code: 'TRUNCATED_PIXEL_DATA' });
  });

  it('reports a JPEG frame that is not JPEG', async () => {
    const desc = grayDescription({ transferSyntaxUid: '1.2.840.10008.1.2.4.70' });
    await expect(decodeFrame(desc, new Uint8Array([1, 2, 3, 4]))).rejects.toMatchObject({ code: 'CODEC_FAILED' });
  });
});

describe('decodeFrame on frame-wise encodings', () => {
  it('inflates Deflated Image Frame Compression frames', async () => {
    const { deflateRawSync } = await import('node:zlib');
    const native = new Uint8Array([1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0]);
    const desc = grayDescription({ transferSyntaxUid: '1.2.840.10008.1.2.8.1' });
    const frame = await decodeFrame(desc, new Uint8Array(deflateRawSync(native)));
    expect(Array.from(frame.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('reads Encapsulated Uncompressed frames as native data', async () => {
    const desc = grayDescription({ transferSyntaxUid: '1.2.840.10008.1.2.1.98', bitsAllocated: 8, bitsStored: 8, highBit: 7 });
    expect(Array.from((await decodeFrame(desc, new Uint8Array([9, 8, 7, 6, 5, 4]))).data)).toEqual([9, 8, 7, 6, 5, 4]);
  });

  it('names an unknown syntax by its UID', async () => {
    await expect(decodeFrame(grayDescription({ transferSyntaxUid: '1.2.3.4.5' }), new Uint8Array(12))).rejects.toMatchObject({
      code: 'CANNOT_DECODE',
      message: 'cannot decode 1.2.3.4.5',
    });
  });
});
