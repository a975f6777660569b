import type { CodecImage } from './codecImage';
import { PixelDecodeError } from './pixelErrors';

/** Geometry an RLE frame must be decoded into; RLE segments carry no dimensions of their own. */
interface RleGeometry {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
}

/**
 * Decodes one RLE Lossless frame (PS3.5 Annex G). The 64-byte header lists up to 15 segments; each
 * segment holds one byte plane, most significant byte of sample 0 first (G.2). Planes are written
 * back interleaved and little endian. A segment that stops short leaves zeros; one that runs long
 * is cut at the plane size.
 */
export function decodeRle(encoded: Uint8Array, geometry: RleGeometry): CodecImage {
  const { rows, columns, samplesPerPixel: spp, bitsAllocated } = geometry;
  const bytesPerSample = bitsAllocated / 8;
  if (bytesPerSample !== 1 && bytesPerSample !== 2 && bytesPerSample !== 4) {
    throw new PixelDecodeError('CANNOT_DECODE', `cannot decode RLE Lossless with ${bitsAllocated} bits allocated`);
  }
  if (encoded.length < 64) throw new PixelDecodeError('CODEC_FAILED', `RLE frame of ${encoded.length} bytes has no header`);
  const view = new DataView(encoded.buffer, encoded.byteOffset, encoded.byteLength);
  const segments = view.getUint32(0, true);
  const expected = spp * bytesPerSample;
  if (segments !== expected) {
    throw new PixelDecodeError('CODEC_FAILED', `RLE header lists ${segments} segments, ${expected} expected`);
  }
  const pixels = rows * columns;
  const out = new Uint8Array(pixels * expected);
  const plane = new Uint8Array(pixels);
  for (let s = 0; s < segments; s++) {
    const start = view.getUint32(4 + 4 * s, true);
    const end = s + 1 < segments ? view.getUint32(8 + 4 * s, true) : encoded.length;
    if (start < 64 || start > encoded.length || end < start) {
      throw new PixelDecodeError('CODEC_FAILED', `RLE segment ${s + 1} offset ${start} is out of range`);
    }
    plane.fill(0);
    unpackBits(encoded.subarray(start, Math.min(end, encoded.length)), plane);
    const sample = Math.floor(s / bytesPerSample);
    const byteInSample = bytesPerSample - 1 - (s % bytesPerSample);
    const stride = expected;
    let at = sample * bytesPerSample + byteInSample;
    for (let p = 0; p < pixels; p++, at += stride) out[at] = plane[p];
  }
  return { bytes: out, width: columns, height: rows, components: spp, bytesPerSample, convertedToRgb: false };
}

/** PackBits (G.3.2): n ≥ 0 copies n+1 literal bytes, −127…−1 repeats the next byte 1−n times, −128 is a no-op. */
function unpackBits(src: Uint8Array, dst: Uint8Array): void {
  let i = 0;
  let o = 0;
  while (i < src.length && o < dst.length) {
    const n = (src[i++] << 24) >> 24;
    if (n >= 0) {
      const count = Math.min(n + 1, src.length - i, dst.length - o);
      dst.set(src.subarray(i, i + count), o);
      i += n + 1;
      o += count;
    } else if (n !== -128) {
      if (i >= src.length) break;
      const value = src[i++];
      const count = Math.min(1 - n, dst.length - o);
      dst.fill(value, o, o + count);
      o += count;
    }
  }
}
