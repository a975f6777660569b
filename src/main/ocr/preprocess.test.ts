import { describe, expect, it } from 'vitest';
import { addNoise, createFrame, drawText, fillAnatomy, fillRect } from '../../../test/pixelText/renderText';
import type { PixelTarget } from '../../../test/pixelText/renderText';
import { cleanInk } from './inkMask';
import { intensityPlane } from './intensity';
import type { OcrFrameInput } from './intensity';
import { preprocessFrame, preprocessOverlay, toSourceBox, toVariantPoint } from './preprocess';
import type { OcrVariant } from './preprocess';
import { cropMagnify } from './resample';
import { greyTo8 } from '../../shared/pixels/voi';

function frameOf(target: PixelTarget, extra: Partial<OcrFrameInput> = {}): OcrFrameInput {
  return { ...target, samplesPerPixel: target.samplesPerPixel ?? 1, bitsStored: 12, signed: false, photometric: 'MONOCHROME2', ...extra };
}

/** Source pixels that a variant shows as dark ink (sampled at each source pixel's centre). */
function inkSeenBy(variant: OcrVariant, width: number, height: number): Set<number> {
  const seen = new Set<number>();
  const { image } = variant;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = toVariantPoint(variant, x, y);
      if (!at) continue;
      if (image.data[at.y * image.width + at.x] < 128) seen.add(y * width + x);
    }
  }
  return seen;
}

function pixelsEqualTo(target: PixelTarget, value: number): Set<number> {
  const out = new Set<number>();
  target.data.forEach((v, i) => {
    if (v === value) out.add(i);
  });
  return out;
}

describe('intensityPlane', () => {
  it('masks bits above Bits Stored and sign-extends signed samples', () => {
    const raw = new Uint16Array([0x0fff, 0xf800, 0x0800, 0x07ff]);
    const plane = intensityPlane({ data: raw, width: 4, height: 1, samplesPerPixel: 1, bitsStored: 12, signed: true, photometric: 'MONOCHROME2' });
    expect([...plane.values]).toEqual([-1, -2048, -2048, 2047]);
    const unsigned = intensityPlane({ data: raw, width: 4, height: 1, samplesPerPixel: 1, bitsStored: 12, signed: false, photometric: 'MONOCHROME2' });
    expect([...unsigned.values]).toEqual([4095, 2048, 2048, 2047]);
    const wide = new Uint32Array([0xffffffff, 5]);
    const signed32 = intensityPlane({ data: wide, width: 2, height: 1, samplesPerPixel: 1, bitsStored: 32, signed: true, photometric: 'MONOCHROME2' });
    expect([...signed32.values]).toEqual([-1, 5]);
  });

  it('makes larger mean brighter for MONOCHROME1 and uses the brightest colour channel', () => {
    const mono1 = intensityPlane({ data: new Uint8Array([0, 255]), width: 2, height: 1, samplesPerPixel: 1, bitsStored: 8, signed: false, photometric: 'MONOCHROME1' });
    expect(mono1.values[0]).toBeGreaterThan(mono1.values[1]);
    const rgb = intensityPlane({ data: new Uint8Array([250, 240, 0, 90, 90, 90]), width: 2, height: 1, samplesPerPixel: 3, bitsStored: 8, signed: false, photometric: 'RGB' });
    expect([...rgb.values]).toEqual([250, 90]);
  });
});

describe('preprocessFrame', () => {
  it('isolates text burned at the maximum and maps it back onto the exact source pixels', () => {
    const target = createFrame(200, 120, 'uint16', 0);
    fillAnatomy(target, 300, 2500, 2);
    drawText(target, 'MRN-A-7781', 20, 30, { value: 4095 });
    drawText(target, '12:30', 120, 90, { value: 4095 });
    const variants = preprocessFrame(frameOf(target));
    const bright = variants.find((v) => v.kind === 'bright');
    expect(bright).toBeDefined();
    if (!bright) return;
    expect(bright.scale).toBe(2);
    expect(inkSeenBy(bright, 200, 120)).toEqual(pixelsEqualTo(target, 4095));
    // Cropped to the text, not the whole frame.
    expect(bright.image.width).toBeLessThan(200 * 2);
  });

  it('packs text lines scattered over a frame into a mosaic whose boxes map back to their corners', () => {
    const target = createFrame(512, 512, 'uint16', 0);
    fillAnatomy(target, 300, 2500, 4);
    drawText(target, 'DOE^JOHN', 8, 8, { value: 4095 });
    drawText(target, '12.5 mm', 430, 8, { value: 4095 });
    drawText(target, '120 kV', 440, 490, { value: 4095 });
    const bright = preprocessFrame(frameOf(target)).find((v) => v.kind === 'bright');
    if (!bright) throw new Error('no bright variant');
    expect(bright.pieces.length).toBe(3);
    expect(inkSeenBy(bright, 512, 512)).toEqual(pixelsEqualTo(target, 4095));
    // Far smaller than the 2x crop of the whole span of the ink.
    expect(bright.image.width * bright.image.height).toBeLessThan(0.2 * 1024 * 1024);
    // A word read in the last piece lands in the bottom-right corner, not between the lines.
    const last = bright.pieces[bright.pieces.length - 1];
    const box = toSourceBox(bright, { x: last.x, y: last.y, w: last.source.w * bright.scale, h: last.source.h * bright.scale });
    expect(box).toEqual(last.source);
    expect(box.y).toBeGreaterThan(400);
  });

  it('uses the min plateau for dark text on a bright field, but not for a clipped noise floor', () => {
    const label = createFrame(200, 120, 'uint16', 0);
    fillAnatomy(label, 1500, 3500, 3);
    drawText(label, 'DOB 1962-03-14', 10, 10, { value: 0 });
    const dark = preprocessFrame(frameOf(label)).find((v) => v.kind === 'dark');
    expect(dark && inkSeenBy(dark, 200, 120)).toEqual(pixelsEqualTo(label, 0));

    const clipped = createFrame(200, 120, 'uint16', 0);
    fillAnatomy(clipped, 300, 2000, 5);
    addNoise(clipped, 600, 9);
    expect(preprocessFrame(frameOf(clipped)).map((v) => v.kind)).not.toContain('dark');
  });

  it('leaves a large max plateau (a label box) to the grey view, flipped to a light background', () => {
    const target = createFrame(100, 100, 'uint8', 60);
    fillRect(target, { x: 0, y: 0, w: 100, h: 20 }, 255);
    drawText(target, 'AB', 4, 4, { value: 0 });
    const variants = preprocessFrame(frameOf(target, { bitsStored: 8 }));
    expect(variants.map((v) => v.kind)).toEqual(['dark', 'full']);
    const full = variants[1];
    // The dark field (60 of 0-255) becomes light, the label black.
    expect(full.image.data[(full.image.height - 20) * full.image.width + 20]).toBe(255 - 60);
    const label = toVariantPoint(full, 2, 10);
    expect(label && full.image.data[label.y * full.image.width + label.x]).toBe(0);
  });

  it('magnifies small glyphs towards 20 px and leaves big ones at x1, softened', () => {
    for (const [scale, factor] of [[1, 2], [3, 1]] as const) {
      const target = createFrame(300, 100, 'uint8', 20);
      drawText(target, 'Hello 42', 5, 5, { value: 255, scale });
      const bright = preprocessFrame(frameOf(target, { bitsStored: 8 }), { kinds: ['bright'] })[0];
      expect(bright.scale).toBe(factor);
      const greys = bright.image.data.filter((v) => v > 0 && v < 255).length;
      expect(greys).toBeGreaterThan(0);
    }
  });

  it('drops isolated specks but keeps a full stop', () => {
    const ink = new Uint8Array(100);
    ink[0] = 1;
    ink[22] = ink[23] = ink[32] = ink[33] = 1;
    ink[99] = 1;
    const stats = cleanInk(ink, 10, 10, 4);
    expect(stats.count).toBe(4);
    expect(stats.bounds).toEqual({ x: 2, y: 2, w: 2, h: 2 });
    expect(ink[0] + ink[99]).toBe(0);
  });

  it('skips a flat frame and produces the display window only when asked and possible', () => {
    expect(preprocessFrame(frameOf(createFrame(20, 20, 'uint16', 7)))).toEqual([]);
    const target = createFrame(50, 50, 'int16', -1000);
    drawText(target, 'CT', 2, 2, { value: 3000 });
    const withWindow = frameOf(target, { signed: true, bitsStored: 16, windowCenter: 40, windowWidth: 400 });
    expect(preprocessFrame(withWindow, { kinds: ['display'] }).map((v) => v.kind)).toEqual(['display']);
    expect(preprocessFrame(frameOf(target, { signed: true, bitsStored: 16 }), { kinds: ['display'] })).toEqual([]);
  });

  it('makes the display view the picture the viewer shows (shared VOI, rescale, MONOCHROME1), light side up', () => {
    const target = createFrame(40, 30, 'int16', 24);
    fillRect(target, { x: 0, y: 0, w: 40, h: 10 }, 1000);
    drawText(target, 'CT', 2, 12, { value: 1400 });
    const window = { windowCenter: 40, windowWidth: 400, rescaleSlope: 1, rescaleIntercept: -1024 };
    const shown = (v: OcrVariant): number[] => {
      const out: number[] = [];
      for (let i = 0; i < target.width * target.height; i++) {
        const at = toVariantPoint(v, i % target.width, Math.floor(i / target.width));
        out.push(at ? v.image.data[at.y * v.image.width + at.x] : -1);
      }
      return out;
    };
    for (const photometric of ['MONOCHROME2', 'MONOCHROME1']) {
      const [v] = preprocessFrame(frameOf(target, { signed: true, bitsStored: 16, photometric, ...window }), { kinds: ['display'], magnify: 1 });
      const picture = [...greyTo8(target.data, { rescale: { slope: 1, intercept: -1024 }, window: { center: 40, width: 400 }, invert: photometric === 'MONOCHROME1' })];
      const mean = picture.reduce((a, b) => a + b, 0) / picture.length;
      expect(shown(v)).toEqual(mean < 128 ? picture.map((g) => 255 - g) : picture);
    }
    const rgb = createFrame(10, 10, 'uint8', 0, 3);
    rgb.data.forEach((_, i) => (rgb.data[i] = i % 7));
    expect(preprocessFrame(frameOf(rgb, { bitsStored: 8, photometric: 'RGB', ...window }), { kinds: ['display'] })).toEqual([]);
  });
});

describe('preprocessOverlay', () => {
  it('reads packed overlay bits as ink in plane coordinates', () => {
    const width = 64;
    const height = 24;
    const unpacked = createFrame(width, height, 'uint8');
    drawText(unpacked, 'ID 42', 2, 2, { value: 1 });
    const packed = new Uint8Array(Math.ceil((width * height) / 8));
    unpacked.data.forEach((v, i) => {
      if (v) packed[i >> 3] |= 1 << (i & 7);
    });
    const [variant] = preprocessOverlay({ data: packed, width, height, packed: true });
    expect(variant.kind).toBe('overlay');
    expect(inkSeenBy(variant, width, height)).toEqual(pixelsEqualTo(unpacked, 1));
    expect(preprocessOverlay({ data: new Uint8Array(width * height), width, height })).toEqual([]);
  });
});

describe('cropMagnify and toSourceBox', () => {
  it('pads, magnifies bilinearly and maps boxes back outward', () => {
    const src = { data: new Uint8Array([0, 255, 0, 255]), width: 2, height: 2 };
    const out = cropMagnify(src, { x: 0, y: 0, w: 2, h: 2 }, 2, 1, 128);
    expect(out.width).toBe(6);
    expect(out.data[0]).toBe(128);
    expect([...out.data.slice(7, 11)]).toEqual([0, 64, 191, 255]);
    const variant: OcrVariant = { kind: 'bright', image: out, scale: 2, pieces: [{ source: { x: 10, y: 20, w: 2, h: 2 }, x: 1, y: 1 }] };
    expect(toSourceBox(variant, { x: 1, y: 1, w: 3, h: 2 })).toEqual({ x: 10, y: 20, w: 2, h: 1 });
  });
});
