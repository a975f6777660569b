import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFrame, drawText } from '../../../test/pixelText/renderText';
import { encodePgm } from './grayImage';
import { createTesseractEngine, defaultLangPath, wordsOf } from './tesseractEngine';

const bbox = (x0: number, y0: number, x1: number, y1: number) => ({ x0, y0, x1, y1 });

describe('wordsOf', () => {
  it('flattens blocks > paragraphs > lines > words into boxes, skipping blank words', () => {
    const word = (text: string, x0: number) => ({ text, confidence: 77, bbox: bbox(x0, 5, x0 + 10, 17) });
    const page = {
      blocks: [
        { paragraphs: [{ lines: [{ words: [word('ID', 0), word(' ', 20)] }, { words: [word('42', 40)] }] }] },
        { paragraphs: [{ lines: [{ words: [word('kV', 90)] }] }] },
      ],
    } as unknown as Parameters<typeof wordsOf>[0];
    expect(wordsOf(page)).toEqual([
      { text: 'ID', confidence: 77, box: { x: 0, y: 5, w: 10, h: 12 } },
      { text: '42', confidence: 77, box: { x: 40, y: 5, w: 10, h: 12 } },
      { text: 'kV', confidence: 77, box: { x: 90, y: 5, w: 10, h: 12 } },
    ]);
    expect(wordsOf({ blocks: null })).toEqual([]);
  });
});

describe('encodePgm', () => {
  it('writes a binary PGM header then the pixels', () => {
    const bytes = encodePgm({ data: new Uint8Array([1, 2, 3, 4, 5, 6]), width: 3, height: 2 });
    expect(new TextDecoder().decode(bytes.slice(0, 11))).toBe('P5\n3 2\n255\n');
    expect([...bytes.slice(11)]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(() => encodePgm({ data: new Uint8Array(5), width: 3, height: 2 })).toThrow(RangeError);
  });
});

describe('createTesseractEngine', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ocr-model-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fails to start, without a thread, when the model is missing or truncated', async () => {
    await expect(createTesseractEngine({ langPath: dir })).rejects.toMatchObject({ code: 'OCR_ENGINE_START' });
    const model = readFileSync(path.join(defaultLangPath(), 'eng.traineddata.gz'));
    writeFileSync(path.join(dir, 'eng.traineddata.gz'), model.subarray(0, 100_000));
    await expect(createTesseractEngine({ langPath: dir })).rejects.toMatchObject({ code: 'OCR_ENGINE_START', message: /damaged/ });
  });

  it('reads from any folder holding the model and refuses work once terminated', { timeout: 60_000 }, async () => {
    const copy = mkdtempSync(path.join(tmpdir(), 'ocr-model-'));
    copyFileSync(path.join(defaultLangPath(), 'eng.traineddata.gz'), path.join(copy, 'eng.traineddata.gz'));
    const engine = await createTesseractEngine({ langPath: copy });
    const frame = createFrame(160, 40, 'uint8', 255);
    drawText(frame, 'ACC 5150', 8, 8, { value: 0, scale: 2 });
    const words = await engine.recognize({ data: frame.data as Uint8Array, width: 160, height: 40 });
    expect(words.map((w) => w.text)).toEqual(['ACC', '5150']);
    expect(words[1].box.x).toBeGreaterThan(words[0].box.x + words[0].box.w);
    await engine.terminate();
    await expect(engine.recognize({ data: frame.data as Uint8Array, width: 160, height: 40 })).rejects.toMatchObject({ code: 'OCR_CLOSED' });
    rmSync(copy, { recursive: true, force: true });
  });
});
