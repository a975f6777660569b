/**
 * How much of a string's ink an output still holds, against the generator's mask. A mask pixel
 * counts only where the input shows it as ink: it differs by a clear contrast from a background
 * pixel beside it (within 3 pixels, outside the mask). It is left when the output keeps both its
 * value and such a neighbour's: ink burned away, and ink whose surroundings were filled with the
 * ink's own colour (a black box over black text), both count as gone.
 */

/** Samples of one frame (or an overlay's 0/1 bits), interleaved when `samplesPerPixel` is 3. */
export interface InkPlane {
  data: ArrayLike<number>;
  width: number;
  height: number;
  samplesPerPixel: 1 | 3;
}

/** Neighbourhood radius: covers the middle of a 24 px bold stroke. */
const RADIUS = 3;

/** Ink pixels counted and those left, for one frame. */
interface InkCount {
  ink: number;
  left: number;
}

function range(p: InkPlane): number {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < p.data.length; i++) {
    const v = p.data[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return Math.max(1, max - min);
}

/** Largest per-sample difference between pixel `a` of `p` and pixel `b` of `q`. */
function diff(p: InkPlane, a: number, q: InkPlane, b: number): number {
  let d = 0;
  for (let s = 0; s < p.samplesPerPixel; s++) d = Math.max(d, Math.abs(p.data[a * p.samplesPerPixel + s] - q.data[b * q.samplesPerPixel + s]));
  return d;
}

/**
 * Counts the ink of `mask` (pixel indices) in `input` and how much `output` still holds. An output
 * of another size holds none. Contrast is 1/16 of the input frame's range (a bit for overlays);
 * "holds a value" allows 1/100 of it (re-encoding noise).
 */
export function countInk(input: InkPlane, output: InkPlane | undefined, mask: Uint32Array): InkCount {
  const inMask = new Uint8Array(input.width * input.height);
  for (const p of mask) inMask[p] = 1;
  const r = range(input);
  const contrast = Math.max(1, r / 16);
  const same = r <= 1 ? 0 : Math.max(1, r / 100);
  const comparable = output !== undefined && output.width === input.width && output.height === input.height && output.samplesPerPixel === input.samplesPerPixel;
  let ink = 0;
  let left = 0;
  for (const p of mask) {
    const px = p % input.width;
    const py = (p - px) / input.width;
    let isInk = false;
    let kept = false;
    const holds = comparable && diff(input, p, output, p) <= same;
    for (let dy = -RADIUS; dy <= RADIUS && !kept; dy++) {
      const y = py + dy;
      if (y < 0 || y >= input.height) continue;
      for (let dx = -RADIUS; dx <= RADIUS; dx++) {
        const x = px + dx;
        if (x < 0 || x >= input.width) continue;
        const q = y * input.width + x;
        if (inMask[q] || diff(input, p, input, q) < contrast) continue;
        isInk = true;
        if (holds && diff(input, q, output, q) <= same) {
          kept = true;
          break;
        }
      }
    }
    if (isInk) ink++;
    if (kept) left++;
  }
  return { ink, left };
}
