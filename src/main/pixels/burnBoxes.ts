/**
 * Burning boxes into decoded frames: every box is padded and filled with the value that displays
 * as black (the darkest palette entry for palette images), in every sample of every pixel it covers.
 */
import type { DecodedFrame } from './decodedFrame';
import type { ImagePixelDescription } from './imageDescription';
import { paletteChannels } from './palette';

/** A box in image pixels. */
export interface PixelBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Padding around a box, in pixels: OCR boxes hug the glyphs, and anti-aliasing, lossy ringing or a
 * glyph part the OCR box missed must not survive next to them. A fifth of the box height, at least 2.
 */
function burnPadding(box: PixelBox): number {
  return Math.max(2, Math.ceil(box.h * 0.2));
}

/** The box grown by its padding and clipped to the image; null when nothing of it is inside. */
export function paddedBox(box: PixelBox, width: number, height: number, pad = burnPadding(box)): PixelBox | null {
  const x0 = Math.max(0, Math.floor(box.x) - pad);
  const y0 = Math.max(0, Math.floor(box.y) - pad);
  const x1 = Math.min(width, Math.ceil(box.x + box.w) + pad);
  const y1 = Math.min(height, Math.ceil(box.y + box.h) + pad);
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } : null;
}

/**
 * The sample value that shows black in a decoded frame: the lowest storable value for
 * MONOCHROME2 (the highest for MONOCHROME1), 0 for RGB, the darkest entry's index for PALETTE
 * COLOR, and the frame's own extreme for float data (which has no storable range).
 */
function blackValue(frame: DecodedFrame, desc: ImagePixelDescription): number {
  const data = frame.data;
  if (frame.photometric === 'PALETTE COLOR') return darkestPaletteIndex(desc);
  if (frame.photometric === 'RGB') return 0;
  const inverted = frame.photometric === 'MONOCHROME1';
  if (data instanceof Float32Array) {
    let v = inverted ? -Infinity : Infinity;
    for (let i = 0; i < data.length; i++) v = inverted ? Math.max(v, data[i]) : Math.min(v, data[i]);
    return Number.isFinite(v) ? v : 0;
  }
  if (frame.bitsAllocated === 1) return inverted ? 1 : 0;
  const bits = Math.min(frame.bitsStored, frame.bitsAllocated);
  if (frame.signed) return inverted ? 2 ** (bits - 1) - 1 : -(2 ** (bits - 1));
  return inverted ? 2 ** bits - 1 : 0;
}

/** The palette index whose colour is darkest (smallest R+G+B); the first such entry. */
function darkestPaletteIndex(desc: ImagePixelDescription): number {
  const [r, g, b] = paletteChannels(desc);
  const n = Math.min(r.values.length, g.values.length, b.values.length);
  let best = 0;
  let bestSum = Infinity;
  for (let i = 0; i < n; i++) {
    const sum = r.values[i] + g.values[i] + b.values[i];
    if (sum < bestSum) {
      bestSum = sum;
      best = i;
    }
  }
  return r.firstMapped + best;
}

/** Fills each box (padded, clipped) of one frame with black, in place. Returns the pixels filled. */
export function burnBoxes(frame: DecodedFrame, boxes: readonly PixelBox[], desc: ImagePixelDescription): number {
  if (boxes.length === 0) return 0;
  const value = blackValue(frame, desc);
  const spp = frame.samplesPerPixel;
  let filled = 0;
  for (const box of boxes) {
    const p = paddedBox(box, frame.width, frame.height);
    if (!p) continue;
    for (let y = p.y; y < p.y + p.h; y++) {
      const start = (y * frame.width + p.x) * spp;
      frame.data.fill(value, start, start + p.w * spp);
    }
    filled += p.w * p.h;
  }
  return filled;
}
