/**
 * Real fonts rasterized the way a modality console draws them: DejaVu outlines (the
 * `dejavu-fonts-ttf` devDependency, parsed by `opentype.js`) filled with the non-zero rule and
 * anti-aliased by exact horizontal coverage on sub-scanlines, with no hinting. The result is a
 * coverage map (0 to 1 per pixel) that `fontText.ts` composites into frames.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Font, Glyph, PathCommand } from 'opentype.js';

/** A typeface of the families: DejaVu Sans, Serif and Sans Mono, regular or bold. */
export type FontFace = 'sans' | 'sans-bold' | 'serif' | 'serif-bold' | 'mono' | 'mono-bold';

const FONT_FILES: Readonly<Record<FontFace, string>> = {
  sans: 'DejaVuSans.ttf',
  'sans-bold': 'DejaVuSans-Bold.ttf',
  serif: 'DejaVuSerif.ttf',
  'serif-bold': 'DejaVuSerif-Bold.ttf',
  mono: 'DejaVuSansMono.ttf',
  'mono-bold': 'DejaVuSansMono-Bold.ttf',
};

// opentype.js ships a UMD bundle as `main` and an ESM build without a default export; require()
// gives the same object under Node, vitest and an esbuild bundle alike.
const require = createRequire(import.meta.url);
const fonts = new Map<FontFace, Font>();

function fontOf(face: FontFace): Font {
  let font = fonts.get(face);
  if (!font) {
    const opentype = require('opentype.js') as typeof import('opentype.js');
    const file = require.resolve(`dejavu-fonts-ttf/ttf/${FONT_FILES[face]}`);
    const bytes = readFileSync(file);
    font = opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    fonts.set(face, font);
  }
  return font;
}

/** Coverage of one line of text: `alpha[y * width + x]` in [0, 1]. */
export interface Coverage {
  width: number;
  height: number;
  alpha: Float32Array;
  /** Row of the baseline inside the map. */
  baseline: number;
}

/** A straight piece of an outline, in pixels (y down). */
interface Edge {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Sub-scanlines per pixel row: with exact coverage across x this gives 1/5-pixel vertical anti-aliasing. */
const SUBSCANLINES = 5;

/** Outline commands flattened to edges (quadratic and cubic curves cut into short chords). */
function edgesOf(commands: readonly PathCommand[]): Edge[] {
  const edges: Edge[] = [];
  let cx = 0;
  let cy = 0;
  let sx = 0;
  let sy = 0;
  const line = (x: number, y: number): void => {
    if (y !== cy) edges.push({ x0: cx, y0: cy, x1: x, y1: y });
    cx = x;
    cy = y;
  };
  for (const c of commands) {
    switch (c.type) {
      case 'M':
        cx = sx = c.x;
        cy = sy = c.y;
        break;
      case 'L':
        line(c.x, c.y);
        break;
      case 'Q': {
        const [x0, y0] = [cx, cy];
        for (let i = 1; i <= 8; i++) {
          const t = i / 8;
          const u = 1 - t;
          line(u * u * x0 + 2 * u * t * c.x1 + t * t * c.x, u * u * y0 + 2 * u * t * c.y1 + t * t * c.y);
        }
        break;
      }
      case 'C': {
        const [x0, y0] = [cx, cy];
        for (let i = 1; i <= 12; i++) {
          const t = i / 12;
          const u = 1 - t;
          line(
            u * u * u * x0 + 3 * u * u * t * c.x1 + 3 * u * t * t * c.x2 + t * t * t * c.x,
            u * u * u * y0 + 3 * u * u * t * c.y1 + 3 * u * t * t * c.y2 + t * t * t * c.y,
          );
        }
        break;
      }
      case 'Z':
        line(sx, sy);
        break;
    }
  }
  return edges;
}

/** Adds the coverage of the span [xa, xb) on one sub-scanline to a row (exact at both ends). */
function addSpan(row: Float32Array, xa: number, xb: number, weight: number): void {
  const a = Math.max(0, xa);
  const b = Math.min(row.length, xb);
  if (b <= a) return;
  const ia = Math.floor(a);
  const ib = Math.floor(b);
  if (ia === ib) {
    row[ia] += (b - a) * weight;
    return;
  }
  row[ia] += (ia + 1 - a) * weight;
  for (let i = ia + 1; i < ib; i++) row[i] += weight;
  if (ib < row.length) row[ib] += (b - ib) * weight;
}

/**
 * Rasterizes one line of `text` in `face` at `sizePx` pixels to the em (CSS `font-size`), with
 * kerning. The map is the advance width wide and ascender-to-descender high, plus one pixel each side.
 */
export function rasterizeText(text: string, face: FontFace, sizePx: number): Coverage {
  const font = fontOf(face);
  const scale = sizePx / font.unitsPerEm;
  const pad = 1;
  const baseline = Math.ceil(font.ascender * scale) + pad;
  // Glyph by glyph with pair kerning: opentype.js's shaper refuses some of DejaVu's GSUB lookups,
  // and console text needs no ligatures.
  const commands: PathCommand[] = [];
  let pen = pad;
  let previous: Glyph | undefined;
  for (const ch of text) {
    const glyph = font.charToGlyph(ch);
    if (previous) pen += font.getKerningValue(previous, glyph) * scale;
    commands.push(...glyph.getPath(pen, baseline, sizePx).commands);
    pen += (glyph.advanceWidth ?? 0) * scale;
    previous = glyph;
  }
  const width = Math.ceil(pen) + pad;
  const height = baseline + Math.ceil(-font.descender * scale) + pad;
  const alpha = new Float32Array(width * height);
  const edges = edgesOf(commands);
  const row = new Float32Array(width);
  const crossings: { x: number; dir: number }[] = [];
  for (let y = 0; y < height; y++) {
    row.fill(0);
    for (let s = 0; s < SUBSCANLINES; s++) {
      const sy = y + (s + 0.5) / SUBSCANLINES;
      crossings.length = 0;
      for (const e of edges) {
        const up = e.y1 < e.y0;
        const top = up ? e.y1 : e.y0;
        const bottom = up ? e.y0 : e.y1;
        if (sy < top || sy >= bottom) continue;
        const t = (sy - e.y0) / (e.y1 - e.y0);
        crossings.push({ x: e.x0 + t * (e.x1 - e.x0), dir: up ? -1 : 1 });
      }
      crossings.sort((p, q) => p.x - q.x);
      let winding = 0;
      for (let i = 0; i < crossings.length - 1; i++) {
        winding += crossings[i].dir;
        if (winding !== 0) addSpan(row, crossings[i].x, crossings[i + 1].x, 1 / SUBSCANLINES);
      }
    }
    for (let x = 0; x < width; x++) alpha[y * width + x] = Math.min(1, row[x]);
  }
  return { width, height, alpha, baseline };
}

/** The coverage map turned a quarter (90: reads top to bottom) or three quarters (270: bottom to top) clockwise. */
export function rotateCoverage(c: Coverage, rotate: 0 | 90 | 270): Coverage {
  if (rotate === 0) return c;
  const { width: w, height: h } = c;
  const alpha = new Float32Array(w * h);
  // New width is h, new height w. Clockwise: old (x, y) lands on (h - 1 - y, x).
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const [nx, ny] = rotate === 90 ? [h - 1 - y, x] : [y, w - 1 - x];
      alpha[ny * h + nx] = c.alpha[y * w + x];
    }
  }
  return { width: h, height: w, alpha, baseline: c.baseline };
}
