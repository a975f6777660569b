/**
 * Image-space boxes and the mapping between image pixels and the viewer's canvas. The viewer never
 * rotates or flips, so the mapping is a scale plus a translation per axis; boxes stay in integer
 * image pixels (what the rect database and the burn-in use) whatever the zoom.
 */

/** A point in image or canvas pixels. */
export interface Point {
  x: number;
  y: number;
}

/** An axis-aligned box: `x`,`y` the top-left corner, in image pixels (pixel i spans [i, i+1)). */
export interface BoxRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Image → canvas: `canvas.x = sx * image.x + tx`, `canvas.y = sy * image.y + ty`. */
export interface AxisTransform {
  sx: number;
  sy: number;
  tx: number;
  ty: number;
}

/** A corner or edge handle of a box being resized. */
export type ResizeHandle = 'nw' | 'n' | 'ne' | 'e' | 'se' | 's' | 'sw' | 'w';

/** Every resize handle, in drawing order. */
export const RESIZE_HANDLES: readonly ResizeHandle[] = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w'];

/** The smallest box a drag may create, in image pixels (smaller drags are clicks). */
const MIN_BOX_SIZE = 2;

/**
 * Builds the transform from where three image points land on the canvas: the origin, (1, 0) and
 * (0, 1). Taking it from the library's own pixel-to-canvas function keeps the boxes in step with
 * whatever zoom and pan the library applied.
 */
export function transformFromPoints(origin: Point, unitX: Point, unitY: Point): AxisTransform {
  return { sx: unitX.x - origin.x, sy: unitY.y - origin.y, tx: origin.x, ty: origin.y };
}

/** True when two transforms are the same to a hundredth of a canvas pixel (skip redundant re-renders). */
export function sameTransform(a: AxisTransform | null, b: AxisTransform | null): boolean {
  if (a === null || b === null) return a === b;
  const near = (p: number, q: number): boolean => Math.abs(p - q) < 0.01;
  return near(a.sx, b.sx) && near(a.sy, b.sy) && near(a.tx, b.tx) && near(a.ty, b.ty);
}

/** Maps a box from image pixels to canvas pixels. */
export function boxToCanvas(box: BoxRect, t: AxisTransform): BoxRect {
  const x0 = t.sx * box.x + t.tx;
  const y0 = t.sy * box.y + t.ty;
  const x1 = t.sx * (box.x + box.w) + t.tx;
  const y1 = t.sy * (box.y + box.h) + t.ty;
  return { x: Math.min(x0, x1), y: Math.min(y0, y1), w: Math.abs(x1 - x0), h: Math.abs(y1 - y0) };
}

/** Maps a canvas point back to (fractional) image pixels. */
export function canvasToImage(p: Point, t: AxisTransform): Point {
  return { x: (p.x - t.tx) / t.sx, y: (p.y - t.ty) / t.sy };
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/**
 * The integer box covering a drag between two image points, clipped to the image; `null` when it
 * is smaller than {@link MIN_BOX_SIZE} on either side. Corners round outwards so the box covers
 * every pixel the reviewer swept over.
 */
export function boxFromDrag(a: Point, b: Point, columns: number, rows: number): BoxRect | null {
  const x0 = clamp(Math.floor(Math.min(a.x, b.x)), 0, columns);
  const y0 = clamp(Math.floor(Math.min(a.y, b.y)), 0, rows);
  const x1 = clamp(Math.ceil(Math.max(a.x, b.x)), 0, columns);
  const y1 = clamp(Math.ceil(Math.max(a.y, b.y)), 0, rows);
  if (x1 - x0 < MIN_BOX_SIZE || y1 - y0 < MIN_BOX_SIZE) return null;
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** Moves a box by a (fractional) image-pixel offset, rounded, keeping it wholly inside the image. */
export function moveBox(box: BoxRect, dx: number, dy: number, columns: number, rows: number): BoxRect {
  const w = Math.min(box.w, columns);
  const h = Math.min(box.h, rows);
  return { x: clamp(Math.round(box.x + dx), 0, columns - w), y: clamp(Math.round(box.y + dy), 0, rows - h), w, h };
}

/**
 * Drags one handle of a box by an image-pixel offset: the opposite edges stay put, the box stays
 * inside the image, never shrinks below {@link MIN_BOX_SIZE}, and never turns inside out.
 */
export function resizeBox(box: BoxRect, handle: ResizeHandle, dx: number, dy: number, columns: number, rows: number): BoxRect {
  let left = box.x;
  let top = box.y;
  let right = box.x + box.w;
  let bottom = box.y + box.h;
  if (handle.includes('w')) left = clamp(Math.round(left + dx), 0, right - MIN_BOX_SIZE);
  if (handle.includes('e')) right = clamp(Math.round(right + dx), left + MIN_BOX_SIZE, columns);
  if (handle.includes('n')) top = clamp(Math.round(top + dy), 0, bottom - MIN_BOX_SIZE);
  if (handle.includes('s')) bottom = clamp(Math.round(bottom + dy), top + MIN_BOX_SIZE, rows);
  return { x: left, y: top, w: right - left, h: bottom - top };
}

/** Where a handle sits on a canvas-space box. */
export function handlePoint(box: BoxRect, handle: ResizeHandle): Point {
  const cx = box.x + box.w / 2;
  const cy = box.y + box.h / 2;
  const x = handle.includes('w') ? box.x : handle.includes('e') ? box.x + box.w : cx;
  const y = handle.includes('n') ? box.y : handle.includes('s') ? box.y + box.h : cy;
  return { x, y };
}

/**
 * The zoom that keeps `anchor` (a canvas point) over the same image pixel: returns the new
 * translation for `newScale`, given cornerstone's convention that translation is in image pixels
 * from the centred position.
 */
export function translationForZoom(
  anchorImage: Point,
  anchorCanvas: Point,
  canvasSize: { width: number; height: number },
  image: { columns: number; rows: number },
  newScale: number,
): Point {
  // canvas = centre + scale * (image - imageCentre + translation)  ⇒  solve for translation.
  return {
    x: (anchorCanvas.x - canvasSize.width / 2) / newScale - anchorImage.x + image.columns / 2,
    y: (anchorCanvas.y - canvasSize.height / 2) / newScale - anchorImage.y + image.rows / 2,
  };
}
