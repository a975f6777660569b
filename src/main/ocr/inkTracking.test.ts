import { describe, expect, it } from 'vitest';
import type { IntensityPlane } from './intensity';
import { intensityPlane } from './intensity';
import { adoptInk, changedInk, inkChangeIn, inkMask, inkMaskOfFrame, inkSnapshot, inkThresholds, levelsOfFrame, levelsOfPlane } from './inkTracking';
import { removeBlocks } from './inkMask';
import { textRegions } from './textRegions';

function plane(width: number, height: number, f: (x: number, y: number) => number): IntensityPlane {
  const values = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) values[y * width + x] = f(x, y);
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return { values, width, height, min, max };
}

describe('ink thresholds', () => {
  it('takes only an exact plateau as ink when text sits on it (lossless), and counts single pixels', () => {
    // Anatomy up to 250, text at 255 in a small block.
    const p = plane(100, 100, (x, y) => (x < 10 && y < 10 ? 255 : (x * 2 + y) % 251));
    const t = inkThresholds([levelsOfPlane(p)]);
    expect(t.hi).toBe(255);
    expect(t.speck).toBe(1);
    expect(inkMask(p, t).reduce((a, b) => a + b, 0)).toBe(100);
  });

  it('takes a band when the extreme is smeared (lossy), and ignores a dark end that is background', () => {
    const p = plane(100, 100, (x, y) => (x < 10 && y < 10 ? 240 + ((x + y) % 16) : y < 50 ? 0 : 100 + ((x + y) % 40)));
    const t = inkThresholds([levelsOfPlane(p)]);
    expect(t.hi).toBeLessThan(255);
    expect(t.hi).toBeGreaterThan(200);
    expect(t.lo).toBeNull();
    expect(t.speck).toBeGreaterThan(1);
  });
});

describe('ink straight from the samples', () => {
  it('matches the ink of the intensity plane for grey, MONOCHROME1 and RGB frames', () => {
    const W = 30;
    const H = 20;
    const grey = Uint16Array.from({ length: W * H }, (_, i) => (i * 37) % 4096);
    const rgb = Uint8Array.from({ length: W * H * 3 }, (_, i) => (i * 53) % 256);
    const frames = [
      { data: grey, width: W, height: H, samplesPerPixel: 1 as const, bitsStored: 12, signed: false, photometric: 'MONOCHROME2' },
      { data: grey, width: W, height: H, samplesPerPixel: 1 as const, bitsStored: 12, signed: false, photometric: 'MONOCHROME1' },
      { data: rgb, width: W, height: H, samplesPerPixel: 3 as const, bitsStored: 8, signed: false, photometric: 'RGB' },
    ];
    for (const f of frames) {
      const p = intensityPlane(f);
      const t = { hi: p.max - 0.1 * (p.max - p.min), lo: p.min + 0.05 * (p.max - p.min), speck: 1, minChange: 1 };
      expect(Array.from(inkMaskOfFrame(f, t)), f.photometric).toEqual(Array.from(inkMask(p, t)));
    }
  });
});

describe('frame levels from a histogram', () => {
  it('give the thresholds of the intensity plane, for 8/16-bit, MONOCHROME1 and raw stored words', () => {
    const W = 64;
    const H = 40;
    // Anatomy, text on an exact plateau at the top, and a few pixels at the bottom.
    const sample = (i: number, top: number): number => (i % W < 12 && i < 10 * W ? top : i % 97 === 0 ? 0 : 40 + ((i * 31) % (top - 80)));
    const grey8 = Uint8Array.from({ length: W * H }, (_, i) => sample(i, 255));
    const grey12 = Uint16Array.from({ length: W * H }, (_, i) => sample(i, 4095));
    // The same 12-bit samples with bits above Bits Stored set (an overlay in the high bits).
    const raw = grey12.map((v, i) => v | (i % 5 === 0 ? 0x8000 : 0));
    const frames = [
      { data: grey8, bitsStored: 8, photometric: 'MONOCHROME2' },
      { data: grey12, bitsStored: 12, photometric: 'MONOCHROME2' },
      { data: grey12, bitsStored: 12, photometric: 'MONOCHROME1' },
      { data: raw, bitsStored: 12, photometric: 'MONOCHROME2' },
    ].map((f) => ({ ...f, width: W, height: H, samplesPerPixel: 1 as const, signed: false }));
    for (const f of frames) {
      const fromPlane = inkThresholds([levelsOfPlane(intensityPlane(f))]);
      expect(inkThresholds([levelsOfFrame(f)]), `${f.photometric} ${f.bitsStored}`).toEqual(fromPlane);
      expect(fromPlane.speck).toBe(1);
      expect(Array.from(inkMaskOfFrame(f, fromPlane))).toEqual(Array.from(inkMask(intensityPlane(f), fromPlane)));
    }
    // A lossy-looking band: the two paths still agree.
    const band = Uint16Array.from({ length: W * H }, (_, i) => (i % W < 12 && i < 10 * W ? 4000 + (i % 90) : 100 + ((i * 7) % 3000)));
    const f = { data: band, width: W, height: H, samplesPerPixel: 1 as const, signed: false, bitsStored: 12, photometric: 'MONOCHROME2' };
    expect(inkThresholds([levelsOfFrame(f)])).toEqual(inkThresholds([levelsOfPlane(intensityPlane(f))]));
  });
});

describe('changed ink', () => {
  const W = 40;
  const H = 20;
  const blank = new Uint8Array(W * H);
  const withGlyph = (x0: number): Uint8Array => {
    const m = new Uint8Array(W * H);
    for (let y = 5; y < 14; y++) for (let x = x0; x < x0 + 5; x++) if (x === x0 || y === 5 || y === 13) m[y * W + x] = 1;
    return m;
  };

  it('finds where ink appeared, ignoring specks below the size given', () => {
    const ink = withGlyph(10);
    ink[2 * W + 35] = 1;
    const c = changedInk(ink, blank, W, H, 4);
    expect(c.boxes).toEqual([{ x: 10, y: 5, w: 5, h: 9 }]);
    expect(changedInk(ink, blank, W, H, 1).boxes).toHaveLength(2);
  });

  it('grows changes into word regions and merges overlapping ones', () => {
    const regions = textRegions([{ x: 10, y: 5, w: 5, h: 9 }, { x: 22, y: 5, w: 5, h: 9 }], W, H);
    expect(regions).toHaveLength(1);
    expect(regions[0].x).toBe(0);
    expect(regions[0].x + regions[0].w).toBe(W);
  });

  it('compares a box with its snapshot, and adopts a region into the reference', () => {
    const a = withGlyph(10);
    const box = { x: 8, y: 3, w: 10, h: 13 };
    const snap = inkSnapshot(a, box, W);
    expect(inkChangeIn(a, snap, box, W, 1)).toBe(0);
    expect(inkChangeIn(withGlyph(12), snap, box, W, 1)).toBeGreaterThan(0);
    const ref = new Uint8Array(W * H);
    adoptInk(ref, a, box, W);
    expect(changedInk(a, ref, W, H, 1).count).toBe(0);
  });
});

describe('removeBlocks with a fringe', () => {
  it('takes out a bright blob with the bits of its ragged edge, and keeps a glyph further away', () => {
    const W = 80;
    const H = 60;
    const ink = new Uint8Array(W * H);
    const set = (x: number, y: number): void => {
      ink[y * W + x] = 1;
    };
    for (let y = 5; y < 35; y++) for (let x = 5; x < 35; x++) set(x, y); // the blob
    for (let y = 10; y < 14; y++) set(36, y); // its edge, cut off by one pixel
    for (let y = 40; y < 49; y++) { set(60, y); set(66, y); } // a glyph-sized "H", far away
    for (let x = 60; x < 67; x++) set(x, 44);
    const left = removeBlocks(ink, W, H, 400, 0.7, false, 2);
    expect(left).toBe(9 + 9 + 5);
    expect(ink[10 * W + 36]).toBe(0);
    expect(ink[44 * W + 63]).toBe(1);
  });
});
