/**
 * The recogniser's input: upright line crops resized to 48 pixels high (PP-OCRv4 rec), width in
 * proportion, normalised to [-1, 1] in BGR order, and right-padded with zeros to the widest line of
 * the batch, as PaddleOCR batches them.
 */
import type { TextImage } from '../textEngines';
import { axisTaps } from './detInput';

/** Input height of the PP-OCRv4 recogniser. */
export const REC_HEIGHT = 48;
/**
 * The widest line fed at once (model pixels, 50 × its height): a longer crop is squeezed, which
 * lowers confidence rather than cutting text off.
 */
const MAX_REC_WIDTH = 50 * REC_HEIGHT;
/** PaddleOCR's narrowest batch width (its 3×48×320 reference shape). */
const MIN_REC_WIDTH = 320;

/** The width a crop takes in the recogniser's input, before padding. */
export function recWidth(crop: TextImage): number {
  return Math.max(1, Math.min(MAX_REC_WIDTH, Math.ceil((REC_HEIGHT * crop.width) / crop.height)));
}

/** The padded width of a batch of crops: the widest, at least PaddleOCR's 320. */
export function batchWidth(crops: readonly TextImage[]): number {
  return Math.max(MIN_REC_WIDTH, ...crops.map(recWidth));
}

/** The batch tensor data (`n × 3 × 48 × width`) of upright crops, each resized then zero-padded. */
export function recTensor(crops: readonly TextImage[], width: number): Float32Array {
  const plane = REC_HEIGHT * width;
  const out = new Float32Array(crops.length * 3 * plane);
  crops.forEach((crop, n) => {
    const w = recWidth(crop);
    const xs = axisTaps(w, crop.width);
    const ys = axisTaps(REC_HEIGHT, crop.height);
    const c = crop.channels;
    const src = crop.data;
    const base = n * 3 * plane;
    for (let y = 0; y < REC_HEIGHT; y++) {
      const r0 = ys.i0[y] * crop.width;
      const r1 = ys.i1[y] * crop.width;
      const fy = ys.f[y];
      for (let x = 0; x < w; x++) {
        const a = (r0 + xs.i0[x]) * c;
        const b = (r0 + xs.i1[x]) * c;
        const d = (r1 + xs.i0[x]) * c;
        const e = (r1 + xs.i1[x]) * c;
        const fx = xs.f[x];
        for (let k = 0; k < 3; k++) {
          const s = c === 3 ? 2 - k : 0;
          const top = src[a + s] + (src[b + s] - src[a + s]) * fx;
          const bottom = src[d + s] + (src[e + s] - src[d + s]) * fx;
          out[base + k * plane + y * width + x] = (top + (bottom - top) * fy) / 127.5 - 1;
        }
      }
    }
  });
  return out;
}
