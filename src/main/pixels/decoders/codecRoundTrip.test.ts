import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { ImagePixelDescription } from '../imageDescription';
import { decodeFrame } from '../decodeFrame';
import { grayDescription } from '../../../../test/support/pixels/descriptions';
import { j2kUsesColorTransform } from './jpeg2000';
import { loadWasmCodec } from './wasmCodec';

interface Encoder {
  getDecodedBuffer(info: {
    width: number;
    height: number;
    bitsPerSample: number;
    componentCount: number;
    isSigned: boolean;
    isUsingColorTransform: boolean;
  }): Uint8Array;
  getEncodedBuffer(): Uint8Array;
  encode(): void;
  delete(): void;
  setInterleaveMode?(mode: number): void;
  setQuality?(quality: number): void;
  setDecompositions?(levels: number): void;
}

const W = 37;
const H = 23;

/** Gradient plus noise, so codecs have real work and any wrong sample shows. */
function testSamples(count: number, max: number, seed: number): number[] {
  let x = seed;
  return Array.from({ length: count }, (_, i) => {
    x = (x * 1664525 + 1013904223) >>> 0;
    return Math.min(max, ((i * 97) % (max + 1)) ^ (x >>> 28));
  });
}

async function encodeWith(js: string, wasm: string, cls: string, samples: number[], bits: number, components: number, setup?: (e: Encoder) => void): Promise<Uint8Array> {
  const codec = await loadWasmCodec(js, wasm);
  const encoder = new (codec[cls] as new () => Encoder)();
  try {
    setup?.(encoder);
    const buffer = encoder.getDecodedBuffer({
      width: W,
      height: H,
      bitsPerSample: bits,
      componentCount: components,
      isSigned: false,
      isUsingColorTransform: components === 3,
    });
    const bytes = bits > 8 ? new Uint8Array(new Uint16Array(samples).buffer) : Uint8Array.from(samples);
    buffer.set(bytes);
    encoder.encode();
    return encoder.getEncodedBuffer().slice();
  } finally {
    encoder.delete();
  }
}

function desc(uid: string, bits: number, components: number, photometric: string): ImagePixelDescription {
  const allocated = bits > 8 ? 16 : 8;
  return grayDescription({
    rows: H, columns: W, samplesPerPixel: components, bitsAllocated: allocated, bitsStored: bits, highBit: bits - 1,
    photometric, transferSyntaxUid: uid,
  });
}

beforeAll(() => {
  // The codecs must load their .wasm from node_modules, never over the network.
  vi.stubGlobal('fetch', () => {
    throw new Error('fetch called while loading a codec');
  });
});

describe('codec wrappers decode what the same libraries encode', () => {
  it('JPEG-LS lossless, 12-bit gray', async () => {
    const samples = testSamples(W * H, 4095, 1);
    const encoded = await encodeWith('@cornerstonejs/codec-charls/wasmjs', '@cornerstonejs/codec-charls/wasm', 'JpegLSEncoder', samples, 12, 1);
    const frame = await decodeFrame(desc('1.2.840.10008.1.2.4.80', 12, 1, 'MONOCHROME2'), encoded);
    expect(Array.from(frame.data)).toEqual(samples);
  });

  it('JPEG-LS lossless, RGB coded colour-by-plane (interleave mode none)', async () => {
    const samples = testSamples(W * H * 3, 255, 2);
    // In this mode CharLS takes (and returns) one plane per component.
    const planar = [0, 1, 2].flatMap((c) => samples.filter((_, i) => i % 3 === c));
    const encoded = await encodeWith('@cornerstonejs/codec-charls/wasmjs', '@cornerstonejs/codec-charls/wasm', 'JpegLSEncoder', planar, 8, 3, (e) => e.setInterleaveMode?.(0));
    const frame = await decodeFrame(desc('1.2.840.10008.1.2.4.80', 8, 3, 'RGB'), encoded);
    expect(Array.from(frame.data)).toEqual(samples);
  });

  it('JPEG 2000 lossless, 16-bit gray and RGB with the colour transform', async () => {
    const gray = testSamples(W * H, 65535, 3);
    const j2k = ['@cornerstonejs/codec-openjpeg/wasmjs', '@cornerstonejs/codec-openjpeg/wasm', 'J2KEncoder'] as const;
    const levels = (e: Encoder): void => e.setDecompositions?.(2); // the default 5 needs a larger image
    const g = await decodeFrame(desc('1.2.840.10008.1.2.4.90', 16, 1, 'MONOCHROME2'), await encodeWith(...j2k, gray, 16, 1, levels));
    expect(Array.from(g.data)).toEqual(gray);
    const rgb = testSamples(W * H * 3, 255, 4);
    const encodedRgb = await encodeWith(...j2k, rgb, 8, 3, levels);
    expect(j2kUsesColorTransform(encodedRgb)).toBe(true);
    const c = await decodeFrame(desc('1.2.840.10008.1.2.4.90', 8, 3, 'YBR_RCT'), encodedRgb);
    expect(c.photometric).toBe('RGB');
    expect(Array.from(c.data)).toEqual(rgb);
  });

  it('HTJ2K lossless, 12-bit gray', async () => {
    const samples = testSamples(W * H, 4095, 5);
    const encoded = await encodeWith('@cornerstonejs/codec-openjph/wasmjs', '@cornerstonejs/codec-openjph/wasm', 'HTJ2KEncoder', samples, 12, 1, (e) => e.setDecompositions?.(2));
    const frame = await decodeFrame(desc('1.2.840.10008.1.2.4.201', 12, 1, 'MONOCHROME2'), encoded);
    expect(Array.from(frame.data)).toEqual(samples);
  });

  it('JPEG baseline, 8-bit gray, within lossy error', async () => {
    const samples = Array.from({ length: W * H }, (_, i) => (i % W) * 6);
    const encoded = await encodeWith('@cornerstonejs/codec-libjpeg-turbo-8bit/wasmjs', '@cornerstonejs/codec-libjpeg-turbo-8bit/wasm', 'JPEGEncoder', samples, 8, 1, (e) => e.setQuality?.(95));
    const frame = await decodeFrame(desc('1.2.840.10008.1.2.4.50', 8, 1, 'MONOCHROME2'), encoded);
    const worst = Math.max(...samples.map((v, i) => Math.abs(v - frame.data[i])));
    expect(worst).toBeLessThan(12);
  });
});
