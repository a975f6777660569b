import { afterEach, describe, expect, it } from 'vitest';
import { createFrame, drawText } from '../../../test/pixelText/renderText';
import type { Gray8Image } from './grayImage';
import { OcrError } from './ocrErrors';
import type { OcrEngine, OcrWord } from './tesseractEngine';
import { createOcrPool } from './tesseractPool';
import type { OcrPool } from './tesseractPool';

/** An engine whose jobs finish when the test says so; words echo the image's first byte. */
class ScriptedEngine implements OcrEngine {
  readonly id: number;
  terminated = false;
  jobs: { image: Gray8Image; finish: (words?: OcrWord[]) => void; fail: (e: Error) => void }[] = [];
  auto: boolean;
  constructor(id: number, auto: boolean) {
    this.id = id;
    this.auto = auto;
  }
  recognize(image: Gray8Image): Promise<OcrWord[]> {
    return new Promise((resolve, reject) => {
      const word = { text: `img${image.data[0]}@${this.id}`, confidence: 90, box: { x: 0, y: 0, w: 1, h: 1 } };
      const job = { image, finish: (words?: OcrWord[]) => resolve(words ?? [word]), fail: reject };
      this.jobs.push(job);
      if (this.auto) setImmediate(() => job.finish());
    });
  }
  async terminate(): Promise<void> {
    this.terminated = true;
  }
}

function scripted(auto = true) {
  const engines: ScriptedEngine[] = [];
  let gate: Promise<void> = Promise.resolve();
  return {
    engines,
    holdStarts(): () => void {
      let open = () => {};
      gate = new Promise((resolve) => (open = resolve));
      return open;
    },
    createEngine: async (): Promise<OcrEngine> => {
      const engine = new ScriptedEngine(engines.length, auto);
      engines.push(engine);
      await gate;
      return engine;
    },
  };
}

const image = (tag: number): Gray8Image => ({ data: new Uint8Array([tag]), width: 1, height: 1 });
const tick = () => new Promise((resolve) => setImmediate(resolve));

let pool: OcrPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('createOcrPool (scripted engines)', () => {
  it('starts engines lazily and reuses a warm one before starting another', async () => {
    const s = scripted();
    pool = createOcrPool({ size: 4, createEngine: s.createEngine });
    expect(pool.stats().engines).toBe(0);
    for (let i = 0; i < 3; i++) expect((await pool.recognize(image(i)))[0].text).toBe(`img${i}@0`);
    expect(pool.stats().enginesStarted).toBe(1);
    await Promise.all([1, 2, 3].map((i) => pool?.recognize(image(i))));
    expect(pool.stats().enginesStarted).toBe(3);
  });

  it('replaces an engine after recycleAfter jobs', async () => {
    const s = scripted();
    pool = createOcrPool({ size: 1, recycleAfter: 2, createEngine: s.createEngine });
    const texts: string[] = [];
    for (let i = 0; i < 5; i++) texts.push((await pool.recognize(image(i)))[0].text);
    expect(texts).toEqual(['img0@0', 'img1@0', 'img2@1', 'img3@1', 'img4@2']);
    expect(s.engines.map((e) => e.terminated)).toEqual([true, true, false]);
    expect(pool.stats().jobsCompleted).toBe(5);
  });

  it('serves interactive jobs before queued batch jobs, and batch before background', async () => {
    const s = scripted(false);
    pool = createOcrPool({ size: 1, createEngine: s.createEngine });
    const order: number[] = [];
    const priority = (i: number) => (i === 4 ? 'interactive' : i === 2 ? 'background' : 'batch');
    const done = [1, 2, 3, 4, 5].map((i) => pool?.recognize(image(i), undefined, priority(i)).then(() => order.push(i)));
    for (let k = 0; k < 5; k++) {
      while (s.engines[0]?.jobs.length !== k + 1) await tick();
      s.engines[0].jobs[k].finish();
    }
    await Promise.all(done);
    expect(order).toEqual([1, 4, 3, 5, 2]);
  });

  it('rejects aborted queued jobs at once and terminates the engine of an aborted running job', async () => {
    const s = scripted(false);
    pool = createOcrPool({ size: 1, createEngine: s.createEngine });
    const controller = new AbortController();
    const running = pool.recognize(image(1), controller.signal);
    const queued = pool.recognize(image(2), controller.signal);
    const other = pool.recognize(image(3));
    while (s.engines[0]?.jobs.length !== 1) await tick();
    expect(pool.stats().queued).toBe(2);
    controller.abort();
    await expect(queued).rejects.toMatchObject({ name: 'AbortError', code: 'OCR_ABORTED' });
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    expect(s.engines[0].terminated).toBe(true);
    while (s.engines[1]?.jobs.length !== 1) await tick();
    s.engines[1].jobs[0].finish();
    expect((await other)[0].text).toBe('img3@1');
    await expect(pool.recognize(image(4), controller.signal)).rejects.toMatchObject({ code: 'OCR_ABORTED' });
  });

  it('keeps an engine that is still starting when its job is aborted', async () => {
    const s = scripted();
    const open = s.holdStarts();
    pool = createOcrPool({ size: 1, createEngine: s.createEngine });
    const controller = new AbortController();
    const aborted = pool.recognize(image(1), controller.signal);
    await tick();
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    open();
    expect((await pool.recognize(image(2)))[0].text).toBe('img2@0');
    expect(s.engines).toHaveLength(1);
    expect(s.engines[0].terminated).toBe(false);
  });

  it('fails a job that runs too long and one whose engine fails, replacing the engine each time', async () => {
    const s = scripted(false);
    pool = createOcrPool({ size: 1, jobTimeoutMs: 30, createEngine: s.createEngine });
    await expect(pool.recognize(image(1))).rejects.toMatchObject({ code: 'OCR_TIMEOUT' });
    expect(s.engines[0].terminated).toBe(true);
    const failing = pool.recognize(image(2));
    while (s.engines[1]?.jobs.length !== 1) await tick();
    s.engines[1].jobs[0].fail(new OcrError('OCR_FAILED', 'bad image'));
    await expect(failing).rejects.toMatchObject({ code: 'OCR_FAILED' });
    expect(s.engines[1].terminated).toBe(true);
  });

  it('terminates idle engines after idleTimeoutMs', async () => {
    const s = scripted();
    pool = createOcrPool({ size: 2, idleTimeoutMs: 20, createEngine: s.createEngine });
    await pool.recognize(image(1));
    expect(pool.stats().engines).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(pool.stats().engines).toBe(0);
    expect(s.engines[0].terminated).toBe(true);
  });

  it('rejects everything on close and refuses new work', async () => {
    const s = scripted(false);
    pool = createOcrPool({ size: 1, createEngine: s.createEngine });
    const running = pool.recognize(image(1));
    const queued = pool.recognize(image(2));
    while (s.engines[0]?.jobs.length !== 1) await tick();
    await pool.close();
    await expect(running).rejects.toMatchObject({ code: 'OCR_CLOSED' });
    await expect(queued).rejects.toMatchObject({ code: 'OCR_CLOSED' });
    expect(s.engines[0].terminated).toBe(true);
    await expect(pool.recognize(image(3))).rejects.toBeInstanceOf(OcrError);
  });
});

function label(text: string): Gray8Image {
  const frame = createFrame(16 + text.length * 16, 44, 'uint8', 255);
  drawText(frame, text, 8, 8, { value: 0, scale: 2 });
  return { data: frame.data as Uint8Array, width: frame.width, height: frame.height };
}

describe('createOcrPool (tesseract)', () => {
  it('runs 8 jobs on 2 workers recycled every 3 jobs, reading each image', { timeout: 60_000 }, async () => {
    pool = createOcrPool({ size: 2, recycleAfter: 3 });
    const texts = ['1001', '1002', '1003', '1004', '1005', '1006', '1007', '1008'];
    const results = await Promise.all(texts.map((t) => pool?.recognize(label(`JOB ${t}`))));
    results.forEach((words, i) => expect(words?.map((w) => w.text)).toContain(texts[i]));
    const stats = pool.stats();
    expect(stats.jobsCompleted).toBe(8);
    expect(stats.enginesStarted).toBeGreaterThanOrEqual(3);
  });

  it('rejects queued jobs when their signal aborts while the running one completes', { timeout: 60_000 }, async () => {
    pool = createOcrPool({ size: 1 });
    const controller = new AbortController();
    const running = pool.recognize(label('KEEP 42'));
    const queued = [pool.recognize(label('DROP 1'), controller.signal), pool.recognize(label('DROP 2'), controller.signal)];
    controller.abort();
    for (const job of queued) await expect(job).rejects.toMatchObject({ name: 'AbortError' });
    expect((await running).map((w) => w.text)).toEqual(['KEEP', '42']);
  });
});
