import type { Box, Gray8Image } from './grayImage';

/**
 * Crops `box` out of an 8-bit plane, magnifies it by the integer `factor` with bilinear
 * interpolation and surrounds it with `pad` pixels of `padValue`.
 *
 * Bilinear rather than nearest: burned-in annotations are mostly 1-pixel-stroke bitmap fonts;
 * nearest-neighbour magnification keeps their staircase edges, which tesseract's LSTM (trained on
 * anti-aliased print) misreads (N as M, 8 as 3 in our measurements), while bilinear turns the
 * steps into soft slopes that read like anti-aliased type. The border matters because tesseract
 * drops text that touches the image edge.
 */
export function cropMagnify(src: Gray8Image, box: Box, factor: number, pad: number, padValue: number): Gray8Image {
  if (!Number.isInteger(factor) || factor < 1) throw new RangeError(`magnification must be a positive integer, got ${factor}`);
  const cw = box.w;
  const ch = box.h;
  const width = cw * factor + 2 * pad;
  const height = ch * factor + 2 * pad;
  const data = new Uint8Array(width * height).fill(padValue);

  // Source coordinate and weight for each output column/row: with an integer factor they repeat,
  // but precomputing them once per axis is as cheap and keeps the inner loop branch-free.
  const axis = (n: number, start: number, limit: number) => {
    const i0 = new Int32Array(n * factor);
    const i1 = new Int32Array(n * factor);
    const f = new Float32Array(n * factor);
    for (let o = 0; o < n * factor; o++) {
      const s = Math.min(n - 1, Math.max(0, (o + 0.5) / factor - 0.5));
      const lo = Math.floor(s);
      i0[o] = Math.min(limit - 1, start + lo);
      i1[o] = Math.min(limit - 1, start + Math.min(n - 1, lo + 1));
      f[o] = s - lo;
    }
    return { i0, i1, f };
  };
  const xs = axis(cw, box.x, src.width);
  const ys = axis(ch, box.y, src.height);
  const s = src.data;
  for (let oy = 0; oy < ch * factor; oy++) {
    const r0 = ys.i0[oy] * src.width;
    const r1 = ys.i1[oy] * src.width;
    const fy = ys.f[oy];
    let out = (oy + pad) * width + pad;
    for (let ox = 0; ox < cw * factor; ox++) {
      const c0 = xs.i0[ox];
      const c1 = xs.i1[ox];
      const fx = xs.f[ox];
      const top = s[r0 + c0] + (s[r0 + c1] - s[r0 + c0]) * fx;
      const bottom = s[r1 + c0] + (s[r1 + c1] - s[r1 + c0]) * fx;
      data[out++] = Math.round(top + (bottom - top) * fy);
    }
  }
  return { data, width, height };
}

/** Where one source rectangle sits in a mosaic: its top-left corner in mosaic pixels. */
export interface MosaicPiece {
  source: Box;
  x: number;
  y: number;
}

/**
 * Stacks several crops of `src` into one image, each magnified by `factor` (as `cropMagnify`),
 * left-aligned one under the other with `gap` pixels of `padValue` between them and `pad` around
 * the whole. Reading a few text lines scattered over a frame this way costs the OCR the area of
 * the lines, not of the page that spans them.
 */
export function mosaicMagnify(src: Gray8Image, boxes: readonly Box[], factor: number, pad: number, gap: number, padValue: number): { image: Gray8Image; pieces: MosaicPiece[] } {
  const crops = boxes.map((box) => cropMagnify(src, box, factor, 0, padValue));
  const width = Math.max(...crops.map((c) => c.width)) + 2 * pad;
  const height = crops.reduce((h, c) => h + c.height, 0) + gap * (crops.length - 1) + 2 * pad;
  const data = new Uint8Array(width * height).fill(padValue);
  const pieces: MosaicPiece[] = [];
  let top = pad;
  crops.forEach((crop, i) => {
    for (let y = 0; y < crop.height; y++) data.set(crop.data.subarray(y * crop.width, (y + 1) * crop.width), (top + y) * width + pad);
    pieces.push({ source: boxes[i], x: pad, y: top });
    top += crop.height + gap;
  });
  return { image: { data, width, height }, pieces };
}
