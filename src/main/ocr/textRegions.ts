/** Grouping ink components into the regions that hold whole words and lines of text. */
import type { Box } from './grayImage';

/**
 * Regions to read around ink (changed ink, or the ink of a text window): each component grown to
 * take in whole words (glyph neighbours sit within a few glyph widths), overlapping regions
 * merged, clipped to the frame.
 */
export function textRegions(changes: readonly Box[], width: number, height: number): Box[] {
  let regions = changes.map((b) => {
    const mx = Math.max(12, 4 * b.h);
    const my = Math.max(6, b.h);
    const x0 = Math.max(0, b.x - mx);
    const y0 = Math.max(0, b.y - my);
    return { x: x0, y: y0, w: Math.min(width, b.x + b.w + mx) - x0, h: Math.min(height, b.y + b.h + my) - y0 };
  });
  for (let merged = true; merged;) {
    merged = false;
    const out: Box[] = [];
    for (const r of regions) {
      const hit = out.find((o) => o.x < r.x + r.w && r.x < o.x + o.w && o.y < r.y + r.h && r.y < o.y + o.h);
      if (!hit) {
        out.push({ ...r });
        continue;
      }
      const x0 = Math.min(hit.x, r.x);
      const y0 = Math.min(hit.y, r.y);
      hit.w = Math.max(hit.x + hit.w, r.x + r.w) - x0;
      hit.h = Math.max(hit.y + hit.h, r.y + r.h) - y0;
      hit.x = x0;
      hit.y = y0;
      merged = true;
    }
    regions = out;
  }
  return regions;
}
