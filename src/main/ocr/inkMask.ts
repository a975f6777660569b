/** Cleaning and measuring binary ink masks (1 = ink) before they are handed to OCR. */
import { forEachComponent } from './connectedComponents';
import type { Box, Gray8Image } from './grayImage';

/** What remains of a mask after `cleanInk`. */
export interface InkStats {
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
 * inside a block's bounding box (the counters of glyphs cut out of a label). Returns the ink left.
 */
export function removeBlocks(ink: Uint8Array, width: number, height: number, minArea = 400, minFill = 0.7, clearInside = true): number {
  const blocks: Box[] = [];
  forEachComponent(
    ink,
    width,
    height,
    (pixels, box) => {
      const block = (pixels.length >= minArea && pixels.length >= minFill * box.w * box.h) || box.h > height / 4;
      if (block && clearInside) blocks.push(box);
      else if (block) for (const i of pixels) ink[i] = 0;
    },
    4,
  );
  for (const b of blocks) for (let y = b.y; y < b.y + b.h; y++) ink.fill(0, y * width + b.x, y * width + b.x + b.w);
  let left = 0;
  for (let i = 0; i < ink.length; i++) left += ink[i];
  return left;
}
