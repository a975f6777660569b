import { describe, expect, it } from 'vitest';
import { paletteTo8, rgbTo8, rgbToRgba } from './colour8';

describe('rgbTo8', () => {
  it('keeps the top 8 stored bits of deeper colour and 8-bit colour as it is', () => {
    const eight = Uint8Array.from([0, 128, 255]);
    expect(rgbTo8(eight, 8)).toBe(eight);
    expect([...rgbTo8(Uint16Array.from([0, 0x0fff, 0x0800, 0x0010]), 12)]).toEqual([0, 255, 128, 1]);
    expect([...rgbTo8(Uint16Array.from([0xffff, 0x80ff, 0x00ff]), 16)]).toEqual([255, 128, 0]);
  });
});

describe('paletteTo8', () => {
  it('clamps indices into the table and takes the high byte of 16-bit entries unless all fit in a byte', () => {
    const wide = { firstMapped: 10, values: [0x0000, 0x8000, 0xffff], bits: 16 };
    const small = { firstMapped: 10, values: [1, 2, 3], bits: 16 };
    const bytes = { firstMapped: 10, values: [7, 8, 9], bits: 8 };
    expect([...paletteTo8([5, 11, 300], [wide, small, bytes])]).toEqual([0, 1, 7, 0x80, 2, 8, 0xff, 3, 9]);
  });
});

describe('rgbToRgba', () => {
  it('adds an opaque alpha', () => {
    expect([...rgbToRgba([1, 2, 3, 4, 5, 6], 2)]).toEqual([1, 2, 3, 255, 4, 5, 6, 255]);
  });
});
