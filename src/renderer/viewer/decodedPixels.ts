/**
 * Already-decoded pixels as the main process sends them, and their conversion to the image object
 * cornerstone-core renders. No codec runs here: the main process decodes with the same code the
 * OCR uses, so the reviewer sees exactly the pixels that were read.
 */
import type { Image } from 'cornerstone-core';

/** One decoded frame ready for display. */
export interface DecodedPixels {
  columns: number;
  rows: number;
  /** 1 = grayscale (display values), 3 = RGB interleaved. */
  samplesPerPixel: 1 | 3;
  data: Uint8Array | Uint16Array | Int16Array;
  /** Default window; when absent the full range of the data is shown. */
  windowCenter?: number;
  windowWidth?: number;
}

/** Fetches the pixels behind an opaque image key (file and frame, chosen by the caller). */
export type PixelSource = (key: string, signal: AbortSignal) => Promise<DecodedPixels>;

/** Why pixels could not be shown. */
export class PixelFormatError extends Error {
  readonly code = 'PIXEL_FORMAT';

  constructor(message: string) {
    super(message);
    this.name = 'PixelFormatError';
  }
}

function range(data: ArrayLike<number>): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return data.length === 0 ? { min: 0, max: 0 } : { min, max };
}

/** Expands interleaved RGB to the RGBA layout cornerstone-core's colour renderer reads. */
export function rgbToRgba(rgb: Uint8Array | Uint16Array | Int16Array, pixels: number): Uint8Array {
  const out = new Uint8Array(pixels * 4);
  for (let p = 0, i = 0, o = 0; p < pixels; p++, i += 3, o += 4) {
    out[o] = rgb[i];
    out[o + 1] = rgb[i + 1];
    out[o + 2] = rgb[i + 2];
    out[o + 3] = 255;
  }
  return out;
}

/**
 * Wraps decoded pixels as a cornerstone-core image. Pixel spacing is fixed at 1 so image pixels
 * map to square screen pixels: the reviewer draws boxes on what was OCRed, not on anatomy.
 */
export function toCornerstoneImage(imageId: string, px: DecodedPixels): Image {
  const pixels = px.columns * px.rows;
  if (!Number.isInteger(px.columns) || !Number.isInteger(px.rows) || px.columns < 1 || px.rows < 1) {
    throw new PixelFormatError(`bad image size ${px.columns}×${px.rows}`);
  }
  if (px.data.length < pixels * px.samplesPerPixel) {
    throw new PixelFormatError(`expected ${pixels * px.samplesPerPixel} samples, got ${px.data.length}`);
  }
  const color = px.samplesPerPixel === 3;
  const data = color ? rgbToRgba(px.data, pixels) : px.data;
  const { min, max } = color ? { min: 0, max: 255 } : range(px.data.subarray(0, pixels));
  const windowWidth = px.windowWidth ?? Math.max(1, max - min);
  const windowCenter = px.windowCenter ?? min + (max - min) / 2;
  return {
    imageId,
    minPixelValue: min,
    maxPixelValue: max,
    slope: 1,
    intercept: 0,
    windowCenter,
    windowWidth,
    getPixelData: () => data,
    rows: px.rows,
    columns: px.columns,
    height: px.rows,
    width: px.columns,
    color,
    rgba: color,
    invert: false,
    columnPixelSpacing: 1,
    rowPixelSpacing: 1,
    sizeInBytes: data.byteLength,
  };
}
