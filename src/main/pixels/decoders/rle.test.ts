import { describe, expect, it } from 'vitest';
import { decodeRle } from './rle';
import { PixelDecodeError } from './pixelErrors';

/** PackBits as PS3.5 G.3.1 describes it: runs of 3+ equal bytes as replicate runs, the rest literal. */
function packBits(plane: Uint8Array): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < plane.length) {
    let run = 1;
    while (i + run < plane.length && plane[i + run] === plane[i] && run < 128) run++;
    if (run >= 3) {
      out.push(257 - run, plane[i]);
      i += run;
      continue;
    }
    const start = i;
    while (i < plane.length && i - start < 128) {
      if (i + 2 < plane.length && plane[i] === plane[i + 1] && plane[i] === plane[i + 2]) break;
      i++;
    }
    out.push(i - start - 1, ...plane.subarray(start, i));
  }
  if (out.length % 2) out.push(0x80); // even segment length; -128 is a no-op
  return out;
}

/** Encodes little-endian interleaved samples as one RLE frame (header + one segment per byte plane). */
function encodeRle(samples: Uint8Array, pixels: number, spp: number, bytesPerSample: number): Uint8Array {
  const segments: number[][] = [];
  for (let s = 0; s < spp; s++) {
    for (let b = bytesPerSample - 1; b >= 0; b--) {
      const plane = new Uint8Array(pixels);
      for (let p = 0; p < pixels; p++) plane[p] = samples[(p * spp + s) * bytesPerSample + b];
      segments.push(packBits(plane));
    }
  }
  const header = new DataView(new ArrayBuffer(64));
  header.setUint32(0, segments.length, true);
  let offset = 64;
  segments.forEach((seg, i) => {
    header.setUint32(4 + 4 * i, offset, true);
    offset += seg.length;
  });
  const out = new Uint8Array(offset);
  out.set(new Uint8Array(header.buffer));
  let at = 64;
  for (const seg of segments) {
    out.set(seg, at);
    at += seg.length;
  }
  return out;
}

function pseudoImage(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    // Long flat stretches and noise, so both run kinds occur.
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = (i >> 4) % 3 === 0 ? 7 : x >>> 24;
  }
  return out;
}

describe('decodeRle', () => {
  const cases = [
    { name: '8-bit gray', rows: 7, columns: 9, spp: 1, bits: 8 },
    { name: '16-bit gray', rows: 16, columns: 13, spp: 1, bits: 16 },
    { name: '8-bit RGB', rows: 5, columns: 11, spp: 3, bits: 8 },
    { name: '32-bit RGB', rows: 4, columns: 4, spp: 3, bits: 32 },
  ];
  for (const c of cases) {
    it(`round-trips ${c.name}`, () => {
      const pixels = c.rows * c.columns;
      const bytesPerSample = c.bits / 8;
      const samples = pseudoImage(pixels * c.spp * bytesPerSample, c.rows * 31 + c.bits);
      const encoded = encodeRle(samples, pixels, c.spp, bytesPerSample);
      const decoded = decodeRle(encoded, { rows: c.rows, columns: c.columns, samplesPerPixel: c.spp, bitsAllocated: c.bits });
      expect(decoded.bytesPerSample).toBe(bytesPerSample);
      expect(Buffer.from(decoded.bytes).equals(Buffer.from(samples))).toBe(true);
    });
  }

  it('leaves zeros where a segment stops short and cuts one that runs long', () => {
    const samples = new Uint8Array([1, 2, 3, 4, 5, 6]);
    const encoded = encodeRle(samples, 6, 1, 1);
    const short = encoded.slice(0, encoded.length - 4); // literal run loses its last bytes
    const decoded = decodeRle(short, { rows: 2, columns: 3, samplesPerPixel: 1, bitsAllocated: 8 });
    expect(Array.from(decoded.bytes.subarray(0, 2))).toEqual([1, 2]);
    expect(decoded.bytes.length).toBe(6);
    const long = new Uint8Array([...encoded, 0xfd, 9, 0xfd, 9]);
    expect(Array.from(decodeRle(long, { rows: 2, columns: 3, samplesPerPixel: 1, bitsAllocated: 8 }).bytes)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('rejects a header whose segment count does not fit the image', () => {
    const encoded = encodeRle(new Uint8Array(8), 4, 1, 2);
    expect(() => decodeRle(encoded, { rows: 2, columns: 2, samplesPerPixel: 1, bitsAllocated: 8 })).toThrow(PixelDecodeError);
  });
});
