/**
 * Already-decoded pixels as the main process sends them, and their conversion to the image object
 * cornerstone-core renders. No codec runs here: the main process decodes with the same code the
 * OCR uses, so the reviewer sees exactly the pixels that were read.
 */
import type { Image } from 'cornerstone-core';
import { rgbToRgba } from '../../shared/pixels/colour8';
import { defaultWindow, sampleRange } from '../../shared/pixels/voi';
import { greyVoiLut, registerGreyImage } from './voiLut';
import { CodedError } from '../../shared/codedError';

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
export class PixelFormatError extends CodedError<'PIXEL_FORMAT'> {
  constructor(message: string) {
    super('PIXEL_FORMAT', message);
    this.name = 'PixelFormatError';
  }
}

const SAMPLES = { gray: 1, rgb: 3, rgba: 4 } as const;

/**
 * Wraps decoded pixels as a cornerstone-core image. Pixel spacing is fixed at 1 so image pixels
 * map to square screen pixels: the reviewer draws boxes on what was OCRed, not on anatomy. Grey
 * images are drawn through the shared display function (see `voiLut.ts`): their default window is
 * the one sent, else the range window of the shared module, and their first VOI table is built
 * for it. Colour is shown as sent (DICOM has no VOI for colour).
 */
export function toCornerstoneImage(imageId: string, px: DecodedPixels): Image {
  if (!Number.isInteger(px.columns) || !Number.isInteger(px.rows) || px.columns < 1 || px.rows < 1) {
    throw new PixelFormatError(`bad image size ${px.columns}×${px.rows}`);
  }
  const pixels = px.columns * px.rows;
  const needed = pixels * SAMPLES[px.layout];
  if (px.data.length < needed) throw new PixelFormatError(`expected ${needed} samples, got ${px.data.length}`);
  const base = { imageId, rows: px.rows, columns: px.columns, height: px.rows, width: px.columns, columnPixelSpacing: 1, rowPixelSpacing: 1, slope: 1, intercept: 0, invert: false };
  if (px.layout !== 'gray') {
    const data = px.layout === 'rgb' ? rgbToRgba(px.data, pixels) : px.data;
    // cornerstone's colour renderer still applies its own window: 127.5/255 is its identity.
    return { ...base, minPixelValue: 0, maxPixelValue: 255, windowCenter: 127.5, windowWidth: 255, getPixelData: () => data, color: true, rgba: true, sizeInBytes: data.byteLength };
  }
  const known = px.minPixelValue !== undefined && px.maxPixelValue !== undefined;
  const { min, max } = known ? { min: px.minPixelValue ?? 0, max: px.maxPixelValue ?? 0 } : sampleRange(px.data.subarray(0, pixels));
  const rescale = { slope: px.slope ?? 1, intercept: px.intercept ?? 0 };
  const header = px.windowCenter !== undefined && px.windowWidth !== undefined ? { center: px.windowCenter, width: px.windowWidth } : undefined;
  const window = defaultWindow(header, min, max, rescale);
  const grey = { storedMin: min, storedMax: max, rescale, invert: px.invert === true };
  const data = px.data;
  const image: Image = {
    ...base,
    minPixelValue: min,
    maxPixelValue: max,
    windowCenter: window.center,
    windowWidth: window.width,
    getPixelData: () => data,
    color: false,
    sizeInBytes: data.byteLength,
    voiLUT: greyVoiLut(grey, { windowCenter: window.center, windowWidth: window.width }),
  };
  registerGreyImage(image, grey);
  return image;
}
