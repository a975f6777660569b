import type { DecodedFrame } from './decodedFrame';
import { PixelDecodeError } from './decoders/pixelErrors';

/** Image Pixel values a writer must put in the header next to re-encoded native Pixel Data. */
export interface NativePixelAttributes {
  samplesPerPixel: 1 | 3;
  photometric: DecodedFrame['photometric'];
  /** Always 0: samples are written colour-by-pixel. */
  planarConfiguration: 0;
  bitsAllocated: number;
  bitsStored: number;
  highBit: number;
  pixelRepresentation: 0 | 1;
}

/** The header values matching frames encoded by {@link encodeNativeFrames}. */
export function nativeAttributes(frame: DecodedFrame): NativePixelAttributes {
  const bitsStored = Math.min(frame.bitsStored, frame.bitsAllocated);
  return {
    samplesPerPixel: frame.samplesPerPixel,
    photometric: frame.photometric,
    planarConfiguration: 0,
    bitsAllocated: frame.bitsAllocated,
    bitsStored,
    highBit: bitsStored - 1,
    pixelRepresentation: frame.signed && !(frame.data instanceof Float32Array) ? 1 : 0,
  };
}

/** One frame as little-endian native bytes (1-bit frames packed, little-endian bit order). */
export function encodeNativeFrame(frame: DecodedFrame): Uint8Array {
  return encodeNativeFrames([frame], false);
}

/**
 * Frames as one native Pixel Data value, little endian, for writing a decoded (e.g. redacted
 * compressed) image uncompressed. 1-bit frames are packed back to back without byte alignment
 * (PS3.5 8.1.1). Samples are written as held: masked frames lose bits above High Bit, so overlays
 * stored there do not survive. `padToEven` appends the zero byte an odd-length value needs.
 */
export function encodeNativeFrames(frames: readonly DecodedFrame[], padToEven = true): Uint8Array {
  if (frames.length === 0) return new Uint8Array(0);
  const first = frames[0];
  for (const f of frames) {
    if (f.bitsAllocated !== first.bitsAllocated || f.data.length !== first.data.length || f.samplesPerPixel !== first.samplesPerPixel) {
      throw new PixelDecodeError('BAD_IMAGE_DESCRIPTION', 'frames to encode differ in size or depth');
    }
  }
  let out: Uint8Array;
  if (first.bitsAllocated === 1) {
    const perFrame = first.data.length;
    out = new Uint8Array(Math.ceil((perFrame * frames.length) / 8));
    frames.forEach((f, k) => {
      for (let i = 0; i < perFrame; i++) {
        if (f.data[i]) {
          const bit = k * perFrame + i;
          out[bit >> 3] |= 1 << (bit & 7);
        }
      }
    });
  } else {
    const frameBytes = first.data.byteLength;
    out = new Uint8Array(frameBytes * frames.length);
    frames.forEach((f, k) => writeLittleEndian(f, out, k * frameBytes));
  }
  if (padToEven && out.length % 2 === 1) {
    const padded = new Uint8Array(out.length + 1);
    padded.set(out);
    return padded;
  }
  return out;
}

function writeLittleEndian(frame: DecodedFrame, out: Uint8Array, at: number): void {
  const view = new DataView(out.buffer, out.byteOffset + at, frame.data.byteLength);
  const d = frame.data;
  if (d instanceof Uint8Array || d instanceof Int8Array) {
    out.set(new Uint8Array(d.buffer, d.byteOffset, d.byteLength), at);
  } else if (d instanceof Uint16Array || d instanceof Int16Array) {
    for (let i = 0; i < d.length; i++) view.setUint16(i * 2, d[i] & 0xffff, true);
  } else if (d instanceof Float32Array) {
    for (let i = 0; i < d.length; i++) view.setFloat32(i * 4, d[i], true);
  } else {
    for (let i = 0; i < d.length; i++) view.setUint32(i * 4, d[i] >>> 0, true);
  }
}
