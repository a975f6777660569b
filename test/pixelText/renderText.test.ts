import { describe, expect, it } from 'vitest';
import { fontCharacters, GLYPH_HEIGHT, GLYPH_WIDTH, glyphFor, glyphInk } from './bitmapFont';
import { addNoise, capBox, createFrame, drawText, fillAnatomy, measureText, seededRandom } from './renderText';

function inkPixels(frame: { data: ArrayLike<number>; width: number; height: number }, value: number): { x: number; y: number }[] {
  const out: { x: number; y: number }[] = [];
  for (let y = 0; y < frame.height; y++) for (let x = 0; x < frame.width; x++) if (frame.data[y * frame.width + x] === value) out.push({ x, y });
  return out;
}

describe('bitmapFont', () => {
  it('covers printable ASCII with distinct glyphs', () => {
    const chars = fontCharacters();
    expect(chars).toHaveLength(95);
    for (const ch of '^-/.:,()#') expect(chars).toContain(ch);
    const shapes = new Set(chars.filter((c) => c !== ' ').map((c) => glyphFor(c).join(',')));
    expect(shapes.size).toBe(94);
  });

  it('refuses characters it cannot draw', () => {
    expect(() => glyphFor('é')).toThrow(/no glyph/);
  });

  it('keeps capitals and digits on the cap rows and leaves a gap column on the right', () => {
    for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789') {
      const glyph = glyphFor(ch);
      for (let row = 0; row < GLYPH_HEIGHT; row++) {
        for (let col = 0; col < GLYPH_WIDTH; col++) {
          if (!glyphInk(glyph, col, row)) continue;
          expect(row >= 1 && row <= 9, `${ch} row ${row}`).toBe(true);
          expect(col, `${ch} col`).toBeLessThan(GLYPH_WIDTH - 1);
        }
      }
    }
  });
});

describe('drawText', () => {
  it('burns the glyph pixels at the requested value and reports their tight box', () => {
    const frame = createFrame(64, 32, 'uint16', 100);
    const drawn = drawText(frame, 'I', 10, 5, { value: 4095 });
    const ink = inkPixels(frame, 4095);
    // 'I': a 3-pixel bar on rows 1 and 9 and a 7-pixel stem in column 3.
    expect(ink).toHaveLength(3 + 3 + 7);
    expect(drawn.ink).toEqual({ x: 12, y: 6, w: 3, h: 9 });
    expect(drawn.cells).toEqual({ x: 10, y: 5, w: 8, h: 13 });
    expect(frame.data.filter((v) => v === 100)).toHaveLength(64 * 32 - ink.length);
  });

  it('scales every font pixel to a scale x scale block', () => {
    const one = createFrame(40, 20, 'uint8');
    const three = createFrame(120, 60, 'uint8');
    drawText(one, 'A7', 0, 0, { value: 255 });
    const drawn = drawText(three, 'A7', 0, 0, { value: 255, scale: 3 });
    expect(inkPixels(three, 255)).toHaveLength(9 * inkPixels(one, 255).length);
    for (const { x, y } of inkPixels(one, 255)) expect(three.data[(3 * y + 2) * 120 + 3 * x + 1]).toBe(255);
    expect(drawn.cells).toEqual({ x: 0, y: 0, ...measureText('A7', 3) });
    expect(capBox('A7', 0, 0, 3)).toEqual({ x: 0, y: 3, w: 48, h: 27 });
  });

  it('fills the label background first, thickens bold strokes, and draws multiple lines', () => {
    const frame = createFrame(40, 40, 'int16', -1000);
    drawText(frame, 'L\nL', 2, 2, { value: -2000, background: 500 });
    expect(inkPixels(frame, 500).length + inkPixels(frame, -2000).length).toBe(8 * 26);
    const plain = createFrame(16, 16, 'uint8');
    const bold = createFrame(16, 16, 'uint8');
    drawText(plain, 'l', 0, 0, { value: 1 });
    drawText(bold, 'l', 0, 0, { value: 1, bold: true });
    expect(inkPixels(bold, 1).length).toBeGreaterThan(inkPixels(plain, 1).length);
  });

  it('clips at the frame edge and clamps values to the buffer type', () => {
    const frame = createFrame(10, 10, 'int16');
    drawText(frame, 'WW', 5, 5, { value: 99999 });
    expect(Math.max(...frame.data)).toBe(32767);
    const rgb = createFrame(16, 16, 'uint8', 0, 3);
    drawText(rgb, 'H', 0, 0, { value: 200 });
    expect(rgb.data.filter((v) => v === 200).length % 3).toBe(0);
  });
});

describe('backgrounds', () => {
  it('is deterministic for a seed and stays within the type range', () => {
    const a = createFrame(32, 32, 'uint16');
    const b = createFrame(32, 32, 'uint16');
    fillAnatomy(a, 100, 3000, 4);
    fillAnatomy(b, 100, 3000, 4);
    addNoise(a, 5000, 7);
    addNoise(b, 5000, 7);
    expect(a.data).toEqual(b.data);
    expect(Math.min(...a.data)).toBe(0);
    const random = seededRandom(3);
    expect(random()).not.toBe(random());
  });
});
