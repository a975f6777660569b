/** An 8-bit greyscale image, row-major, one byte per pixel: what the OCR engine is fed. */
export interface Gray8Image {
  data: Uint8Array;
  width: number;
  height: number;
}

/** An axis-aligned box in pixels; `x`, `y` is the top-left corner. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Encodes an 8-bit grey image as binary PGM (P5).
 *
 * tesseract.js hands the bytes to Leptonica's `pixReadMem`, which reads PNM natively, so PGM
 * needs neither compression nor a PNG encoder and costs one copy.
 */
export function encodePgm(image: Gray8Image): Uint8Array {
  if (image.data.length !== image.width * image.height) {
    throw new RangeError(`grey image ${image.width}x${image.height} has ${image.data.length} bytes`);
  }
  const header = new TextEncoder().encode(`P5\n${image.width} ${image.height}\n255\n`);
  const out = new Uint8Array(header.length + image.data.length);
  out.set(header, 0);
  out.set(image.data, header.length);
  return out;
}

/** Intersection over union of two boxes (0 when they do not overlap). */
export function boxIou(a: Box, b: Box): number {
  const inter = boxIntersection(a, b);
  if (inter === 0) return 0;
  return inter / (a.w * a.h + b.w * b.h - inter);
}

/** Area of the intersection of two boxes. */
export function boxIntersection(a: Box, b: Box): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}
