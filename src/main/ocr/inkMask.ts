/** Cleaning and measuring binary ink masks (1 = ink) before they are handed to OCR. */
import { forEachComponent } from './connectedComponents';
import type { Box, Gray8Image } from './grayImage';

/** What remains of a mask after `cleanInk`. */
interface InkStats {
  /** Ink pixels left. */
  count: number;
  /** Bounding box of the ink left, or null when none is. */
  bounds: Box | null;
  /** Height of every component kept, for estimating the font size. */
  componentHeights: number[];
  /** Bounding box of every component kept. */
  componentBoxes: Box[];
}

/**
 * Clears 8-connected ink components smaller than `minSize` pixels in place and measures the rest.
 * Noise that touches the extreme value shows up as scattered pixels, which tesseract turns into
 * junk words; the smallest glyph part of a 1-pixel font (a 2x2 full stop) survives a `minSize` of 4.
 */
export function cleanInk(ink: Uint8Array, width: number, height: number, minSize: number): InkStats {
  const componentHeights: number[] = [];
  const componentBoxes: Box[] = [];
  let count = 0;
  let bx0 = width;
  let by0 = height;
  let bx1 = -1;
  let by1 = -1;
  forEachComponent(ink, width, height, (pixels, box) => {
    if (pixels.length < minSize) {
      for (const i of pixels) ink[i] = 0;
      return;
    }
    count += pixels.length;
    componentHeights.push(box.h);
    componentBoxes.push(box);
    bx0 = Math.min(bx0, box.x);
    by0 = Math.min(by0, box.y);
    bx1 = Math.max(bx1, box.x + box.w - 1);
    by1 = Math.max(by1, box.y + box.h - 1);
  });
  const bounds = count > 0 ? { x: bx0, y: by0, w: bx1 - bx0 + 1, h: by1 - by0 + 1 } : null;
  return { count, bounds, componentHeights, componentBoxes };
}

/**
 * A robust guess at the font's glyph height: the median height of components tall enough to be a
 * letter (4+ px, which skips hyphens and dots) and short enough not to be a ruler or a frame line.
 * Null when there is no such component.
 */
export function typicalGlyphHeight(componentHeights: readonly number[]): number | null {
  const plausible = componentHeights.filter((h) => h >= 4 && h <= 200).sort((a, b) => a - b);
  if (plausible.length === 0) return null;
  return plausible[Math.floor(plausible.length / 2)];
}

/** A 3x3 box blur (edges use the pixels that exist). */
export function boxBlur3(image: Gray8Image): Gray8Image {
  const { width, height, data } = image;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      let n = 0;
      for (let yy = Math.max(0, y - 1); yy <= Math.min(height - 1, y + 1); yy++) {
        for (let xx = Math.max(0, x - 1); xx <= Math.min(width - 1, x + 1); xx++) {
          sum += data[yy * width + xx];
          n++;
        }
      }
      out[y * width + x] = Math.round(sum / n);
    }
  }
  return { data: out, width, height };
}

/**
 * Clears, in place, the components of an ink mask that are blocks rather than glyphs: filled to at
 * least `minFill` of their bounding box over `minArea` pixels (an opaque label, a saturated bar),
 * or taller than a quarter of the image (a ruler, a frame line), and, with `clearInside`, any ink
 * inside a block's bounding box (the counters of glyphs cut out of a label). With `fringe` (and
 * without `clearInside`), components within that many pixels of a removed block go too: the
 * ragged edge of a bright organ, which a threshold cuts into glyph-sized bits. Returns the ink left.
 */
export function removeBlocks(ink: Uint8Array, width: number, height: number, minArea = 400, minFill = 0.7, clearInside = true, fringe = 0): number {
  const blocks: Box[] = [];
  const removed = fringe > 0 ? new Uint8Array(ink.length) : null;
  forEachComponent(
    ink,
    width,
    height,
    (pixels, box) => {
      const block = (pixels.length >= minArea && pixels.length >= minFill * box.w * box.h) || box.h > height / 4;
      if (block && clearInside) blocks.push(box);
      else if (block) {
        for (const i of pixels) ink[i] = 0;
        if (removed) for (const i of pixels) removed[i] = 1;
      }
    },
    4,
  );
  for (const b of blocks) for (let y = b.y; y < b.y + b.h; y++) ink.fill(0, y * width + b.x, y * width + b.x + b.w);
  if (removed) removeNear(ink, removed, width, height, fringe);
  let left = 0;
  for (let i = 0; i < ink.length; i++) left += ink[i];
  return left;
}

/** Clears the components of `ink` that come within `radius` pixels (box distance) of `near`. */
function removeNear(ink: Uint8Array, near: Uint8Array, width: number, height: number, radius: number): void {
  // Dilate `near` by a (2r+1)-square: a running count along rows, then along columns.
  const rows = new Uint8Array(near.length);
  for (let y = 0; y < height; y++) {
    const base = y * width;
    let count = 0;
    for (let x = -radius; x < width; x++) {
      if (x + radius < width) count += near[base + x + radius];
      if (x - radius - 1 >= 0) count -= near[base + x - radius - 1];
      if (x >= 0) rows[base + x] = count > 0 ? 1 : 0;
    }
  }
  const grown = new Uint8Array(near.length);
  for (let x = 0; x < width; x++) {
    let count = 0;
    for (let y = -radius; y < height; y++) {
      if (y + radius < height) count += rows[(y + radius) * width + x];
      if (y - radius - 1 >= 0) count -= rows[(y - radius - 1) * width + x];
      if (y >= 0) grown[y * width + x] = count > 0 ? 1 : 0;
    }
  }
  forEachComponent(ink, width, height, (pixels) => {
    if (pixels.some((i) => grown[i] === 1)) for (const i of pixels) ink[i] = 0;
  });
}
