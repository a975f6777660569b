/** What every codec wrapper returns: samples as little-endian bytes, pixel-interleaved. */
export interface CodecImage {
  bytes: Uint8Array;
  width: number;
  height: number;
  components: number;
  /** Bytes per sample in `bytes`: 1 for precision ≤ 8, 2 up to 16, 4 for 32-bit RLE. */
  bytesPerSample: 1 | 2 | 4;
  /**
   * The codec already turned the colour components into RGB: libjpeg converts YCbCr JPEG to RGB,
   * and JPEG 2000 / HTJ2K decoders undo the multiple-component transform (RCT/ICT).
   */
  convertedToRgb: boolean;
  /** Sample precision the codestream declares, when it declares one. */
  precision?: number;
}

/** Reorders colour-by-plane samples (RRR…GGG…BBB…) into colour-by-pixel (RGBRGB…). */
export function interleavePlanes(planar: Uint8Array, pixels: number, components: number, bytesPerSample: number): Uint8Array {
  const out = new Uint8Array(pixels * components * bytesPerSample);
  const planeBytes = pixels * bytesPerSample;
  for (let c = 0; c < components; c++) {
    for (let p = 0; p < pixels; p++) {
      const from = c * planeBytes + p * bytesPerSample;
      const to = (p * components + c) * bytesPerSample;
      for (let b = 0; b < bytesPerSample; b++) out[to + b] = planar[from + b] ?? 0;
    }
  }
  return out;
}
