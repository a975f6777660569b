import { describe, expect, it } from 'vitest';
import type { DecodedFrame } from './decodedFrame';
import { extractOverlays, highBitsInUse } from './overlays';
import { grayDescription } from '../../../test/support/pixels/descriptions';

/** Packs 0/1 values little-endian bit first, as Overlay Data is stored. */
function pack(bits: number[]): Uint8Array {
  const out = new Uint8Array(Math.ceil(bits.length / 8));
  bits.forEach((b, i) => {
    if (b) out[i >> 3] |= 1 << (i & 7);
  });
  return out;
}

function frame16(values: number[], columns: number, signed = false): DecodedFrame {
  return {
    data: signed ? Int16Array.from(values) : Uint16Array.from(values),
    width: columns,
    height: values.length / columns,
    samplesPerPixel: 1,
    photometric: 'MONOCHROME2',
    planar: false,
    bitsAllocated: 16,
    bitsStored: 12,
    signed,
  };
}

describe('extractOverlays from Overlay Data', () => {
  const desc = grayDescription({ rows: 4, columns: 4 });

  it('unpacks little-endian bit order at the overlay origin', () => {
    const bits = [1, 0, 0, 1, 0, 1, 1, 0, 1, 1];
    const [plane] = extractOverlays([{ group: 0x6000, rows: 2, columns: 5, originRow: 2, originColumn: 1, data: pack(bits) }], grayDescription({ rows: 4, columns: 5 }));
    expect(plane).toMatchObject({ group: 0x6000, frame: 0, rows: 2, columns: 5, originRow: 2, originColumn: 1, source: 'overlay-data', notes: [] });
    expect(Array.from(plane.bits)).toEqual(bits);
  });

  it('pads short (odd-length) data with zeros and says so', () => {
    const data = new Uint8Array([0xff]); // 8 of 16 bits present
    const [plane] = extractOverlays([{ group: 0x6002, rows: 4, columns: 4, originRow: 1, originColumn: 1, data }], desc);
    expect(Array.from(plane.bits)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(plane.notes.join()).toMatch(/1 bytes, 2 needed/);
  });

  it('clips an overlay reaching outside the image, and flags one entirely outside', () => {
    const all = pack(new Array(9).fill(1));
    const [clipped] = extractOverlays([{ group: 0x6000, rows: 3, columns: 3, originRow: 0, originColumn: 3, data: all }], desc);
    // Rows 0..2 and columns 3..5 (1-based) overlap the 4×4 image in rows 1..2, columns 3..4.
    expect(clipped).toMatchObject({ rows: 2, columns: 2, originRow: 1, originColumn: 3 });
    expect(Array.from(clipped.bits)).toEqual([1, 1, 1, 1]);
    expect(clipped.notes.join()).toMatch(/clipped/);
    const [outside] = extractOverlays([{ group: 0x6000, rows: 3, columns: 3, originRow: 10, originColumn: 1, data: all }], desc);
    expect(outside.bits.length).toBe(0);
    expect(outside.notes.join()).toMatch(/entirely outside/);
  });

  it('gives each overlay frame to its image frame, frames packed without byte alignment', () => {
    const multi = grayDescription({ rows: 1, columns: 3, numberOfFrames: 4 });
    // Three overlay frames of 3 bits starting at image frame 2.
    const data = pack([1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const planes = extractOverlays([{ group: 0x6000, rows: 1, columns: 3, numberOfFrames: 3, imageFrameOrigin: 2, data }], multi);
    expect(planes.map((p) => p.frame)).toEqual([1, 2, 3]);
    expect(planes.map((p) => Array.from(p.bits))).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
  });
});

describe('overlays in Pixel Data bits', () => {
  const desc = grayDescription({ rows: 1, columns: 4, bitsStored: 12, highBit: 11 });

  it('reads a declared bit position and undeclared set high bits as planes', () => {
    const frame = frame16([0x8001, 0x0002, 0x4003, 0xc004], 4);
    const planes = extractOverlays([{ group: 0x6000, rows: 1, columns: 4, bitsAllocated: 16, bitPosition: 15 }], desc, [frame]);
    expect(planes.map((p) => [p.group, p.bitPosition, Array.from(p.bits)])).toEqual([
      [0x6000, 15, [1, 0, 0, 1]],
      [0, 14, [0, 0, 1, 1]],
    ]);
    expect(highBitsInUse(frame, desc)).toBe(true);
  });

  it('does not take sign extension of signed data for an overlay', () => {
    const signed = { ...desc, pixelRepresentation: 1 as const };
    const frame = frame16([-1000, 5, -1, 2047], 4, true);
    expect(highBitsInUse(frame, signed)).toBe(false);
    expect(extractOverlays([], signed, [frame])).toEqual([]);
    const withOverlay = frame16([0x4000 | 5, 5], 2, true); // bit 14 set on a positive value
    expect(highBitsInUse(withOverlay, { ...signed, columns: 2 })).toBe(true);
  });

  it('finds nothing in data whose high bits are clear', () => {
    expect(highBitsInUse(frame16([0, 4095, 17, 1], 4), desc)).toBe(false);
  });
});
