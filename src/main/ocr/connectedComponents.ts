import type { Box } from './grayImage';

/**
 * Visits every connected component (8- or 4-connected) of the set pixels of `mask` (row-major,
 * `width` × `height`) with the indices of its pixels and its bounding box. The pixel list is
 * reused between calls.
 */
export function forEachComponent(
  mask: Uint8Array,
  width: number,
  height: number,
  visit: (pixels: readonly number[], box: Box) => void,
  connectivity: 4 | 8 = 8,
): void {
  const seen = new Uint8Array(mask.length);
  const stack: number[] = [];
  const pixels: number[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || seen[start]) continue;
    seen[start] = 1;
    stack.push(start);
    pixels.length = 0;
    let x0 = width;
    let y0 = height;
    let x1 = -1;
    let y1 = -1;
    while (stack.length > 0) {
      const i = stack.pop() as number;
      pixels.push(i);
      const x = i % width;
      const y = (i - x) / width;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          if (connectivity === 4 && dx !== 0 && dy !== 0) continue;
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const n = ny * width + nx;
          if (mask[n] && !seen[n]) {
            seen[n] = 1;
            stack.push(n);
          }
        }
      }
    }
    visit(pixels, { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 });
  }
}
