import { describe, expect, it } from 'vitest';
import { dbRegions, DEFAULT_DB_OPTIONS } from './dbPostprocess';
import type { DetGeometry } from './detInput';

/** A 128 x 96 map at scale 1 with a 16-pixel border, and helpers to paint it. */
const geometry: DetGeometry = { width: 128, height: 96, pad: 16, sx: 1, sy: 1 };
const imageSize = { w: 96, h: 64 };

function map(rects: readonly { x: number; y: number; w: number; h: number; p: number }[]): Float32Array {
  const prob = new Float32Array(geometry.width * geometry.height);
  for (const r of rects) {
    for (let y = r.y; y < r.y + r.h; y++) for (let x = r.x; x < r.x + r.w; x++) prob[y * geometry.width + x] = r.p;
  }
  return prob;
}

describe('dbRegions', () => {
  it('grows each confident kernel back by area x ratio / perimeter, in image pixels', () => {
    const [region] = dbRegions(map([{ x: 26, y: 36, w: 40, h: 4, p: 0.9 }]), geometry, imageSize.w, imageSize.h);
    const d = (40 * 4 * DEFAULT_DB_OPTIONS.unclipRatio) / (2 * 44);
    expect(region.x).toBe(Math.floor(10 - d));
    expect(region.y).toBe(Math.floor(20 - d));
    expect(region.x + region.w).toBe(Math.ceil(50 + d));
    expect(region.score).toBeCloseTo(0.9, 5);
    expect(region.vertical).toBe(false);
  });

  it('drops kernels whose mean probability is low and specks under the minimum size', () => {
    const prob = map([
      { x: 20, y: 20, w: 30, h: 6, p: 0.5 },
      { x: 70, y: 60, w: 2, h: 2, p: 0.99 },
    ]);
    expect(dbRegions(prob, geometry, imageSize.w, imageSize.h)).toEqual([]);
  });

  it('flags a tall thin region as vertical and clips regions to the image', () => {
    const regions = dbRegions(map([{ x: 17, y: 18, w: 5, h: 50, p: 0.95 }]), geometry, imageSize.w, imageSize.h);
    expect(regions).toHaveLength(1);
    expect(regions[0].vertical).toBe(true);
    expect(regions[0].x).toBe(0);
    expect(regions[0].y).toBe(0);
  });

  it('keeps two lines apart', () => {
    const prob = map([
      { x: 20, y: 20, w: 50, h: 5, p: 0.9 },
      { x: 20, y: 32, w: 50, h: 5, p: 0.9 },
    ]);
    expect(dbRegions(prob, geometry, imageSize.w, imageSize.h)).toHaveLength(2);
  });
});
