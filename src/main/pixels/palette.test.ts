import { describe, expect, it } from 'vitest';
import type { PaletteLut } from './imageDescription';
import { expandPalette, paletteToRgb } from './palette';
import { grayDescription } from '../../../test/support/pixels/descriptions';

function words(values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 2);
  values.forEach((v, i) => {
    out[2 * i] = v & 0xff;
    out[2 * i + 1] = v >> 8;
  });
  return out;
}

function lut(values: number[], firstMapped = 0): PaletteLut {
  return { entries: values.length, firstMapped, bitsPerEntry: 16, data: words(values) };
}

describe('paletteToRgb', () => {
  it('maps indices through 16-bit tables, clamping below the first mapped value and past the end', () => {
    const desc = grayDescription({
      photometric: 'PALETTE COLOR',
      redPalette: lut([0x0000, 0x8000, 0xffff], 10),
      greenPalette: lut([0x1000, 0x2000, 0x3000], 10),
      bluePalette: lut([0xff00, 0x0100, 0x0000], 10),
    });
    expect(Array.from(paletteToRgb([5, 10, 11, 12, 300], desc))).toEqual([
      0x00, 0x10, 0xff, 0x00, 0x10, 0xff, 0x80, 0x20, 0x01, 0xff, 0x30, 0x00, 0xff, 0x30, 0x00,
    ]);
  });

  it('reads 8-bit tables stored one byte per entry, and 8-bit colours kept in 16-bit entries', () => {
    const bytes: PaletteLut = { entries: 4, firstMapped: 0, bitsPerEntry: 8, data: new Uint8Array([0, 85, 170, 255]) };
    const small = lut([0, 10, 20, 30]); // 16-bit entries that all fit in a byte: used as they are
    const desc = grayDescription({ photometric: 'PALETTE COLOR', redPalette: bytes, greenPalette: small, bluePalette: bytes });
    expect(Array.from(paletteToRgb([1, 3], desc))).toEqual([85, 10, 85, 255, 30, 255]);
  });
});

describe('expandPalette with segmented data (PS3.3 C.7.9.2)', () => {
  it('expands discrete, linear and indirect segments', () => {
    const data = words([
      0, 3, 10, 20, 30, // discrete: 10 20 30
      1, 2, 50, // linear from 30 to 50 in 2 steps: 40 50
      2, 1, 0, 0, // indirect: re-expand 1 segment found at byte offset 0: 10 20 30
    ]);
    const expanded = expandPalette({ entries: 8, firstMapped: 0, bitsPerEntry: 16, segmentedData: data });
    expect(Array.from(expanded.values)).toEqual([10, 20, 30, 40, 50, 10, 20, 30]);
  });

  it('rounds linear segments and repeats the last value when the segments fall short', () => {
    const data = words([0, 1, 0, 1, 3, 10]); // 0, then 3.33 6.67 10
    expect(Array.from(expandPalette({ entries: 6, firstMapped: 0, bitsPerEntry: 16, segmentedData: data }).values)).toEqual([0, 3, 7, 10, 10, 10]);
  });

  it('rejects a linear segment with nothing before it', () => {
    expect(() => expandPalette({ entries: 4, firstMapped: 0, bitsPerEntry: 16, segmentedData: words([1, 4, 100]) })).toThrowError(
      expect.objectContaining({ code: 'BAD_IMAGE_DESCRIPTION' }),
    );
  });
});
