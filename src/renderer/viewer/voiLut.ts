/**
 * How the viewer's grey images reach the screen through the project's one picture of a frame
 * (`src/shared/pixels/voi.ts`) rather than cornerstone-core's own window function, whose edges
 * and rounding differ from DICOM's (it maps `((x - c) / w + 0.5) × 255` and clamps).
 *
 * cornerstone-core 2.6 builds a table over the stored range as `voi(modality(stored))`, inverted
 * when the viewport says so. Given a viewport `voiLUT` it reads that table instead of the window.
 * So a grey image is handed over with an identity modality step (slope 1, intercept 0), no
 * cornerstone inversion, and a `voiLUT` indexed by stored value whose entries are the shared
 * function's output (rescale, VOI and MONOCHROME1 inversion included). Every window change builds a
 * new table for the new window (`voiLutFor`), so interactive window/level goes through the same
 * function as the PNG export.
 *
 * cornerstone derives the table's bit depth from its largest entry and shifts entries by
 * `depth - 8`; a table whose entries all lie below 128 would be shifted the wrong way. One extra
 * entry of 255 past the last stored value pins the depth at 8 bits (no shift). No pixel indexes
 * it: cornerstone only looks up values between the image's smallest and largest stored value.
 */
import type { Image, VoiLut } from 'cornerstone-core';
import { greyLut, type Rescale } from '../../shared/pixels/voi';
import type { WindowLevel } from './viewportGestures';

/** What redrawing a grey image at another window needs. */
interface GreyImage {
  storedMin: number;
  storedMax: number;
  rescale: Rescale;
  /** MONOCHROME1: invert after the VOI. */
  invert: boolean;
}

const greyImages = new WeakMap<Image, GreyImage>();
let tables = 0;

/** Records how a grey image's stored values are displayed (called as the image is built). */
export function registerGreyImage(image: Image, grey: GreyImage): void {
  greyImages.set(image, grey);
}

/** The cornerstone VOI table that shows `grey` at `window`, through the shared function. */
export function greyVoiLut(grey: GreyImage, window: WindowLevel): VoiLut {
  const display = { rescale: grey.rescale, window: { center: window.windowCenter, width: window.windowWidth }, invert: grey.invert };
  const values = greyLut(grey.storedMin, grey.storedMax, display);
  const lut = new Uint8Array(values.length + 1);
  lut.set(values);
  lut[values.length] = 255;
  tables++;
  return { id: `deid-voi-${tables}`, firstValueMapped: grey.storedMin, numBitsPerEntry: 8, lut };
}

/** The VOI table for a registered grey image at `window`; undefined for colour images (no VOI). */
export function voiLutFor(image: Image, window: WindowLevel): VoiLut | undefined {
  const grey = greyImages.get(image);
  return grey === undefined ? undefined : greyVoiLut(grey, window);
}

/** The span of an image's values in window units (modality values for grey), for window/level drags. */
export function windowRange(image: Image): number {
  const grey = greyImages.get(image);
  const span = image.maxPixelValue - image.minPixelValue;
  return grey === undefined ? span : span * Math.abs(grey.rescale.slope);
}
