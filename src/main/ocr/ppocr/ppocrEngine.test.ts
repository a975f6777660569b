import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyScenes, textScenes, type TextScene } from '../../../../test/fixtures/textScenes';
import { inkCoverage, overlapping, readsAs } from '../../../../test/support/sceneScoring';
import { OcrError } from '../ocrErrors';
import type { DetectedRegion, RecognizedLine, TextImage } from '../textEngines';
import { charBox } from '../textEngines';
import { createPpocrEngine, type PpocrEngine } from './ppocrEngine';

// The bundled worker (test/support/globalSetup.ts builds dist/ before the suite).
const workerScript = resolve('dist/main/ppocr-worker.js');
const crashingScript = fileURLToPath(new URL('../../../../test/support/crashingPpocrWorker.ts', import.meta.url));

const codeOf = async (p: Promise<unknown>): Promise<string> => p.then(() => 'resolved', (e: unknown) => (e instanceof OcrError ? e.code : e instanceof Error ? e.name : String(e)));

describe('PP-OCR engine on worker threads', () => {
  let engine: PpocrEngine;
  const scenes = textScenes();
  const found = new Map<string, DetectedRegion[]>();
  beforeAll(async () => {
    engine = createPpocrEngine({ workerScript, size: 2 });
    await Promise.all(scenes.map(async (s) => found.set(s.name, await engine.detect(s))));
  });
  afterAll(() => engine.close());

  /** The regions over a string and what the engine reads in them, left to right. */
  const readString = async (scene: TextScene, ink: TextScene['strings'][number]['ink']): Promise<{ lines: RecognizedLine[]; regions: DetectedRegion[] }> => {
    const regions = overlapping(ink, found.get(scene.name) ?? []).sort((a, b) => a.x - b.x || a.y - b.y);
    return { lines: await engine.recognizeMany(scene, regions), regions };
  };

  it('finds every string of every scene and covers its ink whole (bright, dark, colour, 7 px, mid-grey, edge, vertical, tiny)', () => {
    const misses: string[] = [];
    for (const s of scenes) {
      for (const str of s.strings) {
        const coverage = inkCoverage(str.ink, found.get(s.name) ?? []);
        if (coverage < 1) misses.push(`${s.name}: "${str.text}" ${(coverage * 100).toFixed(0)} % of its ink covered`);
      }
    }
    expect(misses).toEqual([]);
  });

  it('finds nothing on a blank or noisy slice, smooth anatomy or colour noise', async () => {
    const found = await Promise.all(emptyScenes().map(async (s) => [s.name, await engine.detect(s)] as const));
    expect(found.filter(([, regions]) => regions.length > 0)).toEqual([]);
  });

  it('flags the side bars as vertical and the lines as horizontal', () => {
    const vertical = scenes.find((s) => s.name === 'vertical') as TextScene;
    for (const str of vertical.strings) expect(overlapping(str.ink, found.get('vertical') ?? []).every((r) => r.vertical)).toBe(true);
    const colour = found.get('colour') ?? [];
    expect(colour.length).toBeGreaterThan(0);
    expect(colour.some((r) => r.vertical)).toBe(false);
  });

  it('reads the names, IDs, dates and device text of the scenes', async () => {
    const wrong: string[] = [];
    for (const s of scenes.filter((s) => s.name !== 'small')) {
      for (const str of s.strings) {
        const { lines } = await readString(s, str.ink);
        const text = lines.map((l) => l.text).join(' ');
        if (!readsAs(text, str.text)) wrong.push(`${s.name}: "${str.text}" read as "${text}"`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('reads a side bar written upwards at 90 and one written downwards at 270, characters along the image y axis', async () => {
    const scene = scenes.find((s) => s.name === 'vertical') as TextScene;
    const [up, down] = scene.strings;
    const upRead = await readString(scene, up.ink);
    const downRead = await readString(scene, down.ink);
    expect(upRead.lines.map((l) => l.rotation)).toEqual([90]);
    expect(downRead.lines.map((l) => l.rotation)).toEqual([270]);
    expect(readsAs(upRead.lines[0].text, up.text)).toBe(true);
    // Upwards: the first letter is lowest in the frame; downwards: highest.
    const upChars = upRead.lines[0].chars;
    expect(upChars[0].x0).toBeGreaterThan(upChars[upChars.length - 1].x0);
    expect(upChars[0].x1).toBeGreaterThan(up.ink.y + up.ink.h - 40);
    const downChars = downRead.lines[0].chars;
    expect(downChars[0].x0).toBeLessThan(down.ink.y + 20);
  });

  it('places each character where it was drawn', async () => {
    const scene = scenes.find((s) => s.name === 'bright') as TextScene;
    const name = scene.strings[0];
    const { lines, regions } = await readString(scene, name.ink);
    const line = lines[0];
    const j = line.chars.findIndex((c) => c.text === 'J');
    expect(j).toBeGreaterThan(0);
    // J is the 8th glyph of MULLER^JURGEN: its cell starts 56 pixels after the first.
    const box = charBox(regions[0], line, line.chars[j]);
    expect(Math.abs(box.x + box.w / 2 - (name.ink.x + 56 + 2))).toBeLessThanOrEqual(6);
    for (let i = 1; i < line.chars.length; i++) expect(line.chars[i].x0).toBeGreaterThanOrEqual(line.chars[i - 1].x0);
  });

  it('reads a box outside the image as nothing, and an empty list as none', async () => {
    const scene = scenes[0];
    expect(await engine.recognize(scene, { x: scene.width + 5, y: 0, w: 10, h: 10 })).toEqual({ text: '', confidence: 0, rotation: 0, chars: [] });
    expect(await engine.recognizeMany(scene, [])).toEqual([]);
  });

  it('refuses an image whose buffer does not fit its size', async () => {
    expect(await codeOf(engine.detect({ width: 10, height: 10, channels: 1, data: new Uint8Array(99) }))).toBe('OCR_BAD_INPUT');
  });
});

describe('PP-OCR engine lifecycle', () => {
  const big: TextImage = { width: 1536, height: 1536, channels: 1, data: new Uint8Array(1536 * 1536).fill(30) };
  const small: TextImage = { width: 64, height: 64, channels: 1, data: new Uint8Array(64 * 64) };

  it('drops a queued job and stops a running one on abort, and serves the next job', async () => {
    const engine = createPpocrEngine({ workerScript, size: 1 });
    try {
      const running = new AbortController();
      const queued = new AbortController();
      const first = codeOf(engine.detect(big, { signal: running.signal }));
      const second = codeOf(engine.detect(big, { signal: queued.signal }));
      queued.abort();
      expect(await second).toBe('AbortError');
      await new Promise((r) => setTimeout(r, 50));
      running.abort();
      expect(await first).toBe('AbortError');
      expect(await engine.detect(small)).toEqual([]);
      // The worker busy on the aborted job was stopped and a fresh one served the next.
      expect(engine.stats().enginesStarted).toBe(2);
      expect(await codeOf(engine.detect(small, { signal: AbortSignal.abort() }))).toBe('AbortError');
    } finally {
      await engine.close();
    }
  });

  it('rejects running and queued jobs on close, and every job after', async () => {
    const engine = createPpocrEngine({ workerScript, size: 1 });
    const jobs = [engine.detect(big), engine.detect(big), engine.recognize(big, { x: 0, y: 0, w: 100, h: 20 })].map(codeOf);
    await new Promise((r) => setTimeout(r, 20));
    await engine.close();
    expect(await Promise.all(jobs)).toEqual(['OCR_CLOSED', 'OCR_CLOSED', 'OCR_CLOSED']);
    expect(await codeOf(engine.detect(small))).toBe('OCR_CLOSED');
    expect(engine.stats().engines).toBe(0);
  });

  it('fails the job of a worker that dies and replaces the worker', async () => {
    const engine = createPpocrEngine({ workerScript: crashingScript, size: 1 });
    try {
      const fatal: TextImage = { width: 13, height: 2, channels: 1, data: new Uint8Array(26) };
      expect(await codeOf(engine.detect(fatal))).toBe('OCR_ENGINE_CRASHED');
      expect(await engine.detect(small)).toEqual([]);
      expect(engine.stats().enginesStarted).toBe(2);
    } finally {
      await engine.close();
    }
  });

  it('names a missing model as an engine that could not start, on a worker and inline', async () => {
    const models = { detection: '/nonexistent/det.onnx', recognition: '/nonexistent/rec.onnx', keys: '/nonexistent/keys.txt' };
    for (const engine of [createPpocrEngine({ workerScript, models }), createPpocrEngine({ execution: 'inline', models })]) {
      expect(await codeOf(engine.detect(small))).toBe('OCR_ENGINE_START');
      await engine.close();
    }
  });

  it('runs on the calling thread when asked, with the same regions as the workers', async () => {
    const scene = textScenes()[0];
    const inline = createPpocrEngine({ execution: 'inline', size: 1 });
    const workers = createPpocrEngine({ workerScript, size: 1 });
    try {
      expect(await inline.detect(scene)).toEqual(await workers.detect(scene));
    } finally {
      await Promise.all([inline.close(), workers.close()]);
    }
  });
});
