/**
 * Draws real-font text into frame buffers and returns its exact ink mask: the pixels whose value
 * the text changed. Any colour (one value for every sample, or an RGB triple), any grey level, any
 * bit depth, horizontal or turned 90° / 270°. Anti-aliased pixels blend ink and background, as a
 * console's renderer does; a pixel the blend leaves unchanged is not in the mask.
 */
import { rasterizeText, rotateCoverage, type Coverage, type FontFace } from './fontRaster';
import type { PixelBox, PixelTarget } from './renderText';

/** How to draw a line of text. */
export interface FontTextStyle {
  face: FontFace;
  /** Pixels to the em (7 to 24 in the families). */
  size: number;
  /** The ink: one stored value for every sample, or [r, g, b] for colour frames. */
  ink: number | readonly [number, number, number];
  /** 90: reads top to bottom (a right-hand side bar); 270: bottom to top (a left-hand one). */
  rotate?: 0 | 90 | 270;
}

/** Where the text landed. */
interface DrawnInk {
  /** Indices (y * width + x) of the pixels the text changed, ascending. */
  mask: Uint32Array;
  /** The tight box around `mask` (w = h = 0 when nothing changed). */
  box: PixelBox;
}

/** The smallest and largest value the buffer's element type holds. */
function rangeOf(data: PixelTarget['data']): { min: number; max: number } {
  if (data instanceof Uint8Array) return { min: 0, max: 0xff };
  if (data instanceof Uint16Array) return { min: 0, max: 0xffff };
  return { min: -0x8000, max: 0x7fff };
}

/** Width and height the text occupies as drawn (after rotation), for placing it. */
export function fontTextSize(text: string, style: FontTextStyle): { w: number; h: number } {
  const c = coverageOf(text, style);
  return { w: c.width, h: c.height };
}

function coverageOf(text: string, style: FontTextStyle): Coverage {
  return rotateCoverage(rasterizeText(text, style.face, style.size), style.rotate ?? 0);
}

/**
 * Draws `text` with the top-left of its (rotated) coverage map at (`x`, `y`); pixels outside the
 * frame are clipped. Returns the pixels it changed.
 */
export function drawFontText(target: PixelTarget, text: string, x: number, y: number, style: FontTextStyle): DrawnInk {
  const c = coverageOf(text, style);
  const spp = target.samplesPerPixel ?? 1;
  const ink = typeof style.ink === 'number' ? [style.ink, style.ink, style.ink] : style.ink;
  if (spp === 1 && typeof style.ink !== 'number') throw new Error('an RGB ink needs a 3-sample frame');
  const { min, max } = rangeOf(target.data);
  const drawn = inkCollector(x, y);
  for (let cy = 0; cy < c.height; cy++) {
    const py = y + cy;
    if (py < 0 || py >= target.height) continue;
    for (let cx = 0; cx < c.width; cx++) {
      const px = x + cx;
      const a = c.alpha[cy * c.width + cx];
      if (a <= 0 || px < 0 || px >= target.width) continue;
      const p = py * target.width + px;
      let differs = false;
      for (let s = 0; s < spp; s++) {
        const old = target.data[p * spp + s];
        const v = Math.min(max, Math.max(min, Math.round(old * (1 - a) + ink[s] * a)));
        if (v !== old) {
          target.data[p * spp + s] = v;
          differs = true;
        }
      }
      if (differs) drawn.add(p, px, py);
    }
  }
  return drawn.result();
}

/**
 * Draws `text` into a 1-bit plane (an overlay's bits, 0/1 per pixel): a pixel is set where the
 * text covers at least half of it. Returns the bits it set.
 */
export function drawFontBits(plane: { data: Uint8Array; width: number; height: number }, text: string, x: number, y: number, style: Omit<FontTextStyle, 'ink'>): DrawnInk {
  const c = coverageOf(text, { ...style, ink: 1 });
  const drawn = inkCollector(x, y);
  for (let cy = 0; cy < c.height; cy++) {
    for (let cx = 0; cx < c.width; cx++) {
      const [px, py] = [x + cx, y + cy];
      if (c.alpha[cy * c.width + cx] < 0.5 || px < 0 || py < 0 || px >= plane.width || py >= plane.height) continue;
      const p = py * plane.width + px;
      if (plane.data[p] === 1) continue;
      plane.data[p] = 1;
      drawn.add(p, px, py);
    }
  }
  return drawn.result();
}

/** Collects the pixels a drawing changed and their bounding box (empty: a zero box at `x, y`). */
function inkCollector(x: number, y: number): { add(p: number, px: number, py: number): void; result(): DrawnInk } {
  const changed: number[] = [];
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  return {
    add(p, px, py) {
      changed.push(p);
      x0 = Math.min(x0, px);
      y0 = Math.min(y0, py);
      x1 = Math.max(x1, px + 1);
      y1 = Math.max(y1, py + 1);
    },
    result() {
      const box = changed.length ? { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } : { x, y, w: 0, h: 0 };
      return { mask: Uint32Array.from(changed).sort(), box };
    },
  };
}
