import type { DecodedFrame } from './decodedFrame';
import type { ImagePixelDescription } from './imageDescription';
import { paletteToRgb } from './palette';
import type { Image8 } from './pngEncoder';

/**
 * A decoded frame as a viewer shows it, in 8 bits: grey through the file's window (its first
 * Window Center/Width in modality units, else the frame's own range), MONOCHROME1 inverted,
 * palette colour looked up, RGB reduced to its high byte.
 */
export function displayImage(frame: DecodedFrame, desc: ImagePixelDescription): Image8 {
  const { width, height } = frame;
  if (frame.photometric === 'PALETTE COLOR') return { data: paletteToRgb(frame.data, desc), width, height, channels: 3 };
  if (frame.samplesPerPixel === 3) {
    const shift = Math.max(0, Math.min(frame.bitsStored, frame.bitsAllocated) - 8);
    const data = new Uint8Array(frame.data.length);
    for (let i = 0; i < data.length; i++) data[i] = Math.max(0, Math.min(255, frame.data[i] >> shift));
    return { data, width, height, channels: 3 };
  }
  const slope = desc.rescaleSlope ?? 1;
  const intercept = desc.rescaleIntercept ?? 0;
  let lo: number;
  let hi: number;
  if (desc.windowCenter !== undefined && desc.windowWidth !== undefined && desc.windowWidth >= 1) {
    lo = desc.windowCenter - 0.5 - (desc.windowWidth - 1) / 2;
    hi = desc.windowCenter - 0.5 + (desc.windowWidth - 1) / 2;
  } else {
    lo = Infinity;
    hi = -Infinity;
    for (let i = 0; i < frame.data.length; i++) {
      const v = frame.data[i] * slope + intercept;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  const span = Math.max(hi - lo, 1e-9);
  const invert = frame.photometric === 'MONOCHROME1';
  const data = new Uint8Array(width * height);
  for (let i = 0; i < data.length; i++) {
    const v = frame.data[i] * slope + intercept;
    const g = v <= lo ? 0 : v >= hi ? 255 : Math.round(((v - lo) / span) * 255);
    data[i] = invert ? 255 - g : g;
  }
  return { data, width, height, channels: 1 };
}
