/** Sample arrays a decoded frame may hold, by Bits Allocated, Pixel Representation and float data. */
export type DecodedPixels = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array;

/** Photometric interpretation after decoding: colour is always RGB, palettes stay indices. */
export type DecodedPhotometric = 'MONOCHROME1' | 'MONOCHROME2' | 'RGB' | 'PALETTE COLOR';

/** One decoded frame, samples interleaved (RGBRGB…) row by row from the top-left pixel. */
export interface DecodedFrame {
  data: DecodedPixels;
  width: number;
  height: number;
  samplesPerPixel: 1 | 3;
  photometric: DecodedPhotometric;
  /** Always false: colour-by-plane data are interleaved while decoding. */
  planar: false;
  /** Bits per sample of `data`: 1 (one 0/1 value per byte), 8, 16 or 32. */
  bitsAllocated: number;
  bitsStored: number;
  signed: boolean;
  /** Pixel Padding Value from the description, when it has one. */
  paddingValue?: number;
}
