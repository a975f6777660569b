import { describe, expect, it } from 'vitest';
import type { Fragment } from '../dicom/types';
import { encapsulatedFrames, frameFragments, nativeFrame } from './frames';
import { PixelDecodeError } from './decoders/pixelErrors';
import { grayDescription } from '../../../test/support/pixels/descriptions';
import { memorySource } from '../../../test/support/pixels/memorySource';

describe('nativeFrame', () => {
  it('returns each frame of 8- and 16-bit multi-frame data', () => {
    const desc = grayDescription({ rows: 1, columns: 3, bitsAllocated: 8, bitsStored: 8, highBit: 7, numberOfFrames: 3 });
    const bytes = new Uint8Array([0xaa, 0xbb, 1, 2, 3, 4, 5, 6, 7, 8, 9]); // 2 bytes before Pixel Data
    const src = memorySource(bytes);
    expect(Array.from(nativeFrame(src, 2, desc, 0))).toEqual([1, 2, 3]);
    expect(Array.from(nativeFrame(src, 2, desc, 2))).toEqual([7, 8, 9]);
    const d16 = { ...desc, bitsAllocated: 16, bitsStored: 16, highBit: 15, numberOfFrames: 2, columns: 2 };
    expect(Array.from(nativeFrame(memorySource(new Uint8Array([1, 0, 2, 0, 3, 0, 4, 0])), 0, d16, 1))).toEqual([3, 0, 4, 0]);
  });

  it('realigns 1-bit frames that start mid-byte (3x3 frames of 9 bits)', () => {
    const desc = grayDescription({ rows: 3, columns: 3, bitsAllocated: 1, bitsStored: 1, highBit: 0, numberOfFrames: 3 });
    // Frame k sets only its pixel k (k = 0, 1, 2): bits 0, 10, 20 of the packed stream.
    const packed = new Uint8Array(4);
    for (const bit of [0, 10, 20]) packed[bit >> 3] |= 1 << (bit & 7);
    const src = memorySource(packed);
    expect(Array.from(nativeFrame(src, 0, desc, 0))).toEqual([0b1, 0]);
    expect(Array.from(nativeFrame(src, 0, desc, 1))).toEqual([0b10, 0]);
    expect(Array.from(nativeFrame(src, 0, desc, 2))).toEqual([0b100, 0]);
  });

  it('swaps Big Endian 16-bit words and 8-bit data held in OW', () => {
    const be = '1.2.840.10008.1.2.2';
    const desc = grayDescription({ rows: 1, columns: 2, transferSyntaxUid: be });
    expect(Array.from(nativeFrame(memorySource(new Uint8Array([0x12, 0x34, 0x56, 0x78])), 0, desc, 0))).toEqual([0x34, 0x12, 0x78, 0x56]);
    // Three 8-bit samples in OW: written as words (b0 b1)(b2 pad) byte-swapped.
    const ow = grayDescription({ rows: 1, columns: 3, bitsAllocated: 8, bitsStored: 8, highBit: 7, transferSyntaxUid: be, pixelDataVr: 'OW' });
    expect(Array.from(nativeFrame(memorySource(new Uint8Array([20, 10, 0, 30])), 0, ow, 0, 4))).toEqual([10, 20, 30]);
    const ob = { ...ow, pixelDataVr: 'OB' };
    expect(Array.from(nativeFrame(memorySource(new Uint8Array([20, 10, 0, 30])), 0, ob, 0, 4))).toEqual([20, 10, 0]);
  });

  it('reports truncated data and missing frames by code', () => {
    const desc = grayDescription({ numberOfFrames: 2 });
    const src = memorySource(new Uint8Array(20));
    expect(() => nativeFrame(src, 0, desc, 1)).toThrowError(expect.objectContaining({ code: 'TRUNCATED_PIXEL_DATA' }));
    expect(() => nativeFrame(src, 0, desc, 0, 10)).toThrowError(expect.objectContaining({ code: 'TRUNCATED_PIXEL_DATA' }));
    expect(() => nativeFrame(src, 0, desc, 2)).toThrowError(expect.objectContaining({ code: 'NO_SUCH_FRAME' }));
    expect(() => nativeFrame(src, 0, grayDescription({ rows: 0 }), 0)).toThrow(PixelDecodeError);
  });

  it('refuses headers that claim an enormous frame without allocating it', () => {
    const huge = grayDescription({ rows: 65535, columns: 65535 });
    expect(() => nativeFrame(memorySource(new Uint8Array(4)), 0, huge, 0)).toThrowError(expect.objectContaining({ code: 'OVER_LIMIT', message: expect.stringContaining('limit maxFrameBytes') }));
  });
});

/** Lays out encapsulated Pixel Data: BOT item then fragment items, each after an 8-byte item header. */
function encapsulate(bot: number[], fragments: number[][]): { bytes: Uint8Array; items: Fragment[] } {
  const parts: number[] = [];
  const items: Fragment[] = [];
  const item = (value: number[]): void => {
    parts.push(0xfe, 0xff, 0x00, 0xe0, value.length & 0xff, (value.length >> 8) & 0xff, 0, 0);
    items.push({ offset: parts.length, length: value.length });
    parts.push(...value);
  };
  item(bot.flatMap((o) => [o & 0xff, (o >> 8) & 0xff, (o >> 16) & 0xff, o >>> 24]));
  fragments.forEach(item);
  return { bytes: new Uint8Array(parts), items };
}

const SOI = [0xff, 0xd8, 0xff, 0xe0];
const SOC = [0xff, 0x4f, 0xff, 0x51];

describe('frameFragments / encapsulatedFrames', () => {
  it('follows the Basic Offset Table', () => {
    // Fragments of 4, 6 and 4 bytes; frames start at items 0 and 2 (offsets 0 and 4+8+6+8 = 26).
    const { bytes, items } = encapsulate([0, 26], [[...SOI], [1, 2, 3, 4, 5, 6], [...SOI]]);
    const frames = encapsulatedFrames(items, 2, memorySource(bytes));
    expect(frames.map((f) => f.length)).toEqual([10, 4]);
    expect(Array.from(frames[0].subarray(4))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('ignores a Basic Offset Table that points between items', () => {
    const { bytes, items } = encapsulate([0, 5], [[...SOI], [...SOI]]);
    expect(frameFragments(items, 2, memorySource(bytes)).map((g) => g.length)).toEqual([1, 1]);
  });

  it('joins all fragments of a single frame', () => {
    const { bytes, items } = encapsulate([], [[...SOI], [1, 2], [3, 4]]);
    expect(Array.from(encapsulatedFrames(items, 1, memorySource(bytes))[0])).toEqual([...SOI, 1, 2, 3, 4]);
  });

  it('takes one fragment per frame when the counts agree', () => {
    const { bytes, items } = encapsulate([], [[9, 9], [8, 8], [7, 7]]);
    expect(encapsulatedFrames(items, 3, memorySource(bytes)).map((f) => f[0])).toEqual([9, 8, 7]);
  });

  it('splits on JPEG and JPEG 2000 start markers without a table', () => {
    const { bytes, items } = encapsulate([], [[...SOI, 1], [2, 2], [...SOC, 3], [4, 4], [5, 5]]);
    const groups = frameFragments(items, 2, memorySource(bytes));
    expect(groups.map((g) => g.length)).toEqual([2, 3]);
  });

  it('prefers the Extended Offset Table', () => {
    const { bytes, items } = encapsulate([], [[...SOI], [1, 1], [...SOI], [2, 2]]);
    // Item tags at 0, 12, 22, 34 relative to the first fragment item.
    const groups = frameFragments(items, 2, memorySource(bytes), { offsets: [0n, 22n] });
    expect(groups.map((g) => g.length)).toEqual([2, 2]);
  });
});
