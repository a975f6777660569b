/**
 * Differentiable-binarisation (DB) post-processing, as PaddleOCR does it but with axis-aligned
 * boxes: the text-probability map is thresholded, each connected component is a text kernel
 * (the network is trained to mark a shrunk core of every line), a component is kept when the mean
 * probability inside it is high, and its box is grown back ("unclipped") by the distance the
 * training shrank it, so that burning the box covers the glyphs.
 */
import { forEachComponent } from '../connectedComponents';
import type { Box } from '../grayImage';
import type { DetectedRegion } from '../textEngines';
import type { DetGeometry } from './detInput';

/** Knobs of the post-processing; PaddleOCR's names and defaults in brackets. */
export interface DbOptions {
  /** A pixel is text when its probability exceeds this [thresh 0.3]. */
  threshold: number;
  /** A component is kept when the mean probability of its pixels reaches this [box_thresh 0.6]. */
  boxThreshold: number;
  /** How far a kernel box is grown: its area × ratio / perimeter [unclip_ratio 1.5]. */
  unclipRatio: number;
  /** Kernels with a side shorter than this (model pixels) are noise [min_size 3]. */
  minSize: number;
}

/**
 * Our defaults. The unclip ratio is above PaddleOCR's 1.5 because its boxes are meant for reading
 * and ours for burning: at 1.5 the box of a 1-pixel bitmap font cut the tops of capitals in our
 * measurements; 2.0 covers the ink of every fixture string with a pixel or two to spare.
 */
export const DEFAULT_DB_OPTIONS: DbOptions = { threshold: 0.3, boxThreshold: 0.6, unclipRatio: 2.0, minSize: 3 };

/** A region whose height exceeds its width by this factor is flagged `vertical`. */
const VERTICAL_ASPECT = 1.5;

/**
 * The text regions of a probability map (`geometry.width` × `geometry.height`, values 0–1),
 * in the pixels of the `imageWidth` × `imageHeight` image the map was computed from (its border
 * removed), clipped to it.
 */
export function dbRegions(prob: Float32Array, geometry: DetGeometry, imageWidth: number, imageHeight: number, opts: DbOptions = DEFAULT_DB_OPTIONS): DetectedRegion[] {
  const { width, height } = geometry;
  const mask = new Uint8Array(width * height);
  for (let i = 0; i < mask.length; i++) mask[i] = prob[i] > opts.threshold ? 1 : 0;
  const regions: DetectedRegion[] = [];
  forEachComponent(mask, width, height, (pixels, box) => {
    if (Math.min(box.w, box.h) < opts.minSize) return;
    let sum = 0;
    for (const i of pixels) sum += prob[i];
    const score = sum / pixels.length;
    if (score < opts.boxThreshold) return;
    const grown = unclip(box, opts.unclipRatio);
    if (Math.min(grown.x1 - grown.x0, grown.y1 - grown.y0) < opts.minSize + 2) return;
    const region = toImage(grown, geometry, imageWidth, imageHeight);
    if (!region) return;
    regions.push({ ...region, score, vertical: region.h > VERTICAL_ASPECT * region.w });
  });
  return regions;
}

/** The box grown on every side by area × ratio / perimeter (the DB paper's unclip distance). */
function unclip(box: Box, ratio: number): { x0: number; y0: number; x1: number; y1: number } {
  const d = (box.w * box.h * ratio) / (2 * (box.w + box.h));
  return { x0: box.x - d, y0: box.y - d, x1: box.x + box.w + d, y1: box.y + box.h + d };
}

/** Model-pixel edges to whole image pixels (outward), clipped to the image; null when empty. */
function toImage(e: { x0: number; y0: number; x1: number; y1: number }, g: DetGeometry, width: number, height: number): Box | null {
  const x0 = Math.max(0, Math.floor((e.x0 - g.pad) / g.sx));
  const y0 = Math.max(0, Math.floor((e.y0 - g.pad) / g.sy));
  const x1 = Math.min(width, Math.ceil((e.x1 - g.pad) / g.sx));
  const y1 = Math.min(height, Math.ceil((e.y1 - g.pad) / g.sy));
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } : null;
}
