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
  /** `gray`: one stored value per pixel; `rgb` / `rgba`: 8-bit colour, interleaved. */
  layout: 'gray' | 'rgb' | 'rgba';
  data: Uint8Array | Uint16Array | Int16Array;
  /** Modality rescale of gray values (window values are in rescaled units). */
  slope?: number;
  intercept?: number;
  /** Default window; when absent the full range of the data is shown. */
  windowCenter?: number;
  windowWidth?: number;
  /** Stored value range, when the sender already knows it (saves a pass over the data). */
  minPixelValue?: number;
  maxPixelValue?: number;
  /** MONOCHROME1: low values are bright. */
  invert?: boolean;
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

/** Smallest and largest value of the first `count` samples. */
function valueRange(data: ArrayLike<number>, count: number): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < count; i++) {
    const v = data[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return count === 0 ? { min: 0, max: 0 } : { min, max };
}

/** Expands interleaved RGB to the RGBA layout cornerstone-core's colour renderer reads. */
export function rgbToRgba(rgb: ArrayLike<number>, pixels: number): Uint8Array {
  const out = new Uint8Array(pixels * 4);
  for (let p = 0, i = 0, o = 0; p < pixels; p++, i += 3, o += 4) {
    out[o] = rgb[i];
    out[o + 1] = rgb[i + 1];
    out[o + 2] = rgb[i + 2];
    out[o + 3] = 255;
  }
  return out;
}

const SAMPLES = { gray: 1, rgb: 3, rgba: 4 } as const;

/**
 * Wraps decoded pixels as a cornerstone-core image. Pixel spacing is fixed at 1 so image pixels
 * map to square screen pixels: the reviewer draws boxes on what was OCRed, not on anatomy.
 */
export function toCornerstoneImage(imageId: string, px: DecodedPixels): Image {
  if (!Number.isInteger(px.columns) || !Number.isInteger(px.rows) || px.columns < 1 || px.rows < 1) {
    throw new PixelFormatError(`bad image size ${px.columns}×${px.rows}`);
  }
  const pixels = px.columns * px.rows;
  const needed = pixels * SAMPLES[px.layout];
  if (px.data.length < needed) throw new PixelFormatError(`expected ${needed} samples, got ${px.data.length}`);
  const color = px.layout !== 'gray';
  const data = px.layout === 'rgb' ? rgbToRgba(px.data, pixels) : px.data;
  const slope = color ? 1 : (px.slope ?? 1);
  const intercept = color ? 0 : (px.intercept ?? 0);
  const known = px.minPixelValue !== undefined && px.maxPixelValue !== undefined;
  const { min, max } = color
    ? { min: 0, max: 255 }
    : known
      ? { min: px.minPixelValue ?? 0, max: px.maxPixelValue ?? 0 }
      : valueRange(px.data, pixels);
  const lo = min * slope + intercept;
  const hi = max * slope + intercept;
  const windowWidth = px.windowWidth !== undefined && px.windowWidth > 0 ? px.windowWidth : Math.max(1, Math.abs(hi - lo));
  const windowCenter = px.windowCenter ?? (lo + hi) / 2;
  return {
    imageId,
    minPixelValue: min,
    maxPixelValue: max,
    slope,
    intercept,
    windowCenter,
    windowWidth,
    getPixelData: () => data,
    rows: px.rows,
    columns: px.columns,
    height: px.rows,
    width: px.columns,
    color,
    rgba: color,
    invert: !color && px.invert === true,
    columnPixelSpacing: 1,
    rowPixelSpacing: 1,
    sizeInBytes: data.byteLength,
  };
}
