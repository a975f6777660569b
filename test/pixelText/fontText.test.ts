import { describe, expect, it } from 'vitest';
import { drawFontBits, drawFontText, fontTextSize, type FontTextStyle } from './fontText';
import { createFrame, fillAnatomy, type PixelTarget } from './renderText';

/** Pixels whose samples differ between two frames of the same size. */
function changedPixels(a: PixelTarget, b: PixelTarget): number[] {
  const spp = a.samplesPerPixel ?? 1;
  const out: number[] = [];
  for (let p = 0; p < a.width * a.height; p++) {
    for (let s = 0; s < spp; s++) {
      if (a.data[p * spp + s] !== b.data[p * spp + s]) {
        out.push(p);
        break;
      }
    }
  }
  return out;
}

function copyOf(t: PixelTarget): PixelTarget {
  return { ...t, data: t.data.slice() };
}

describe('drawFontText', () => {
  const cases: [string, PixelTarget, FontTextStyle][] = [
    ['8-bit grey, sans 7 px', createFrame(160, 40, 'uint8', 30), { face: 'sans', size: 7, ink: 255 }],
    ['16-bit, mid-grey serif 12 px', createFrame(200, 40, 'uint16', 200), { face: 'serif', size: 12, ink: 1100 }],
    ['RGB, cyan bold mono 24 px', createFrame(420, 60, 'uint8', 10, 3), { face: 'mono-bold', size: 24, ink: [0, 255, 255] }],
    ['textured background, sans-bold turned 90°', createFrame(60, 220, 'uint8', 0), { face: 'sans-bold', size: 14, ink: 240, rotate: 90 }],
    ['textured background, serif-bold turned 270°', createFrame(60, 220, 'uint8', 0), { face: 'serif-bold', size: 14, ink: 20, rotate: 270 }],
  ];
  for (const [name, frame, style] of cases) {
    it(`returns exactly the pixels it changed (${name})`, () => {
      if (style.rotate) fillAnatomy(frame, 60, 180, 3);
      const before = copyOf(frame);
      const drawn = drawFontText(frame, "O'BRIEN 12 345", 2, 2, style);
      expect(drawn.mask.length).toBeGreaterThan(20);
      expect([...drawn.mask]).toEqual(changedPixels(before, frame));
      const xs = [...drawn.mask].map((p) => p % frame.width);
      const ys = [...drawn.mask].map((p) => Math.floor(p / frame.width));
      expect(drawn.box).toEqual({ x: Math.min(...xs), y: Math.min(...ys), w: Math.max(...xs) - Math.min(...xs) + 1, h: Math.max(...ys) - Math.min(...ys) + 1 });
    });
  }

  it('anti-aliases: the edge of a stroke holds values between the ground and the ink', () => {
    const frame = createFrame(120, 30, 'uint8', 0);
    const drawn = drawFontText(frame, 'SIOBHAN', 2, 2, { face: 'sans', size: 12, ink: 200 });
    const values = new Set([...drawn.mask].map((p) => frame.data[p]));
    expect(values.has(200)).toBe(true);
    expect([...values].filter((v) => v > 0 && v < 200).length).toBeGreaterThan(20);
  });

  it('turns text a quarter: the drawn box is tall where the upright one is wide', () => {
    const style: FontTextStyle = { face: 'sans', size: 11, ink: 255 };
    const flat = fontTextSize('HALVORSEN', style);
    const down = fontTextSize('HALVORSEN', { ...style, rotate: 90 });
    expect(down).toEqual({ w: flat.h, h: flat.w });
    expect(flat.w).toBeGreaterThan(3 * flat.h);
  });

  it('gives each face its own shapes and sizes as asked', () => {
    const masks = (['sans', 'serif', 'mono', 'sans-bold'] as const).map((face) => {
      const frame = createFrame(200, 40, 'uint8', 0);
      return drawFontText(frame, 'MARISOL 1983', 2, 2, { face, size: 12, ink: 255 }).mask.join(',');
    });
    expect(new Set(masks).size).toBe(4);
    const small = drawFontText(createFrame(200, 40, 'uint8', 0), 'ID 42', 0, 0, { face: 'sans', size: 7, ink: 255 }).box;
    const large = drawFontText(createFrame(200, 40, 'uint8', 0), 'ID 42', 0, 0, { face: 'sans', size: 24, ink: 255 }).box;
    expect(large.h / small.h).toBeGreaterThan(2.5);
  });

  it('refuses an RGB ink on a grey frame', () => {
    expect(() => drawFontText(createFrame(40, 20, 'uint8'), 'A', 0, 0, { face: 'sans', size: 10, ink: [1, 2, 3] })).toThrow(/RGB ink/);
  });
});

describe('drawFontBits', () => {
  it('sets overlay bits where the text covers half a pixel, and reports exactly those', () => {
    const plane = { data: new Uint8Array(160 * 30), width: 160, height: 30 };
    const drawn = drawFontBits(plane, 'ESPINOZA', 2, 2, { face: 'sans', size: 12 });
    expect(drawn.mask.length).toBeGreaterThan(50);
    expect([...drawn.mask]).toEqual([...plane.data.keys()].filter((p) => plane.data[p] === 1));
  });
});
