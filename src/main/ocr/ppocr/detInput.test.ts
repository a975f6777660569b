import { describe, expect, it } from 'vitest';
import { detGeometry, detTensor } from './detInput';

describe('detGeometry', () => {
  it('gives sides that are multiples of 32 with a border around the image', () => {
    for (const [w, h] of [[512, 512], [640, 480], [333, 97], [2140, 1760]]) {
      const g = detGeometry(w, h);
      expect(g.width % 32).toBe(0);
      expect(g.height % 32).toBe(0);
      expect(g.width - 2 * g.pad).toBeCloseTo(w * g.sx, 6);
    }
  });

  it('magnifies small frames and keeps large ones within the maximum side', () => {
    expect(detGeometry(128, 96).sx).toBeGreaterThanOrEqual(2.5);
    const cr = detGeometry(2140, 1760);
    expect(Math.max(cr.width, cr.height)).toBeLessThanOrEqual(1536);
    expect(Math.max(detGeometry(2140, 1760, { maxSide: 640 }).width, 0)).toBeLessThanOrEqual(640);
  });

  it('shrinks a frame whose text the caller says is large', () => {
    const plain = detGeometry(1024, 1024);
    const large = detGeometry(1024, 1024, { textHeight: 60 });
    expect(large.sx).toBeLessThan(plain.sx);
    expect(large.sx * 60).toBeGreaterThan(16);
  });
});

describe('detTensor', () => {
  it('feeds grey as three channels and colour in BGR order, the border at the edge colour', () => {
    const g = detGeometry(64, 64, { maxSide: 96 });
    const red = { width: 64, height: 64, channels: 3 as const, data: new Uint8Array(64 * 64 * 3) };
    for (let i = 0; i < 64 * 64; i++) red.data[i * 3] = 255;
    const t = detTensor(red, g);
    const plane = g.width * g.height;
    const centre = (g.height >> 1) * g.width + (g.width >> 1);
    // Channel 2 is red: (1 - 0.406) / 0.225; channel 0 (blue) is at its zero level.
    expect(t[2 * plane + centre]).toBeCloseTo((1 - 0.406) / 0.225, 3);
    expect(t[centre]).toBeCloseTo(-0.485 / 0.229, 3);
    expect(t[2 * plane]).toBeCloseTo((1 - 0.406) / 0.225, 3);
  });

  it('keeps a 1-pixel stroke visible when shrinking', () => {
    const image = { width: 1200, height: 1200, channels: 1 as const, data: new Uint8Array(1200 * 1200) };
    for (let y = 0; y < 1200; y++) image.data[y * 1200 + 601] = 255;
    const g = detGeometry(1200, 1200, { textHeight: 60 });
    const t = detTensor(image, g);
    const row = (g.height >> 1) * g.width;
    let peak = -Infinity;
    for (let x = 0; x < g.width; x++) peak = Math.max(peak, t[row + x]);
    // Averaged into its neighbours, not skipped by the two bilinear taps.
    expect(peak).toBeGreaterThan(-0.485 / 0.229 + 0.5);
  });
});
