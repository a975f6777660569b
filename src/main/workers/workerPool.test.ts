import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { WorkerResponse } from './workerProtocol';
import { createTaskRunner, defaultResourceLimits, type TaskRunner } from './workerPool';

const script = fileURLToPath(new URL('../../../test/support/crashingWorker.ts', import.meta.url));
const header = (path: string) => ({ kind: 'readHeader' as const, path, size: 0, mtimeMs: 0 });
const answered = (path: string): WorkerResponse => ({ kind: 'readHeader', row: { path, size: 0, mtimeMs: 0, kind: 'non-dicom', reason: 'answered by the test worker' } });

let pool: TaskRunner | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('createTaskRunner with worker threads', () => {
  it('fails only the request that made its worker exit; its co-tenants and later requests succeed', { timeout: 10_000 }, async () => {
    pool = createTaskRunner(1, { script });
    const paths = ['a', 'exit-1', 'b', 'c'];
    const responses = await Promise.all(paths.map((p) => pool?.run(header(p))));
    expect(responses[1]).toEqual({ kind: 'error', message: 'worker crashed: exited with code 7' });
    for (const i of [0, 2, 3]) expect(responses[i]).toEqual(answered(paths[i]));
    expect(await pool.run(header('d'))).toEqual(answered('d'));
  });

  it('fails only the request whose worker threw asynchronously, with the exception as the reason', { timeout: 10_000 }, async () => {
    pool = createTaskRunner(2, { script });
    const paths = ['a', 'b', 'throw-1', 'c', 'd', 'e', 'throw-2', 'f'];
    const responses = await Promise.all(paths.map((p) => pool?.run(header(p))));
    expect(responses[2]).toEqual({ kind: 'error', message: 'worker crashed: test worker threw on throw-1' });
    expect(responses[6]).toEqual({ kind: 'error', message: 'worker crashed: test worker threw on throw-2' });
    for (const [i, p] of paths.entries()) if (!p.startsWith('throw')) expect(responses[i]).toEqual(answered(p));
    const later = ['g', 'h', 'i'];
    expect(await Promise.all(later.map((p) => pool?.run(header(p))))).toEqual(later.map(answered));
  });

  it('stops a worker whose file runs past the fileSeconds limit, fails that file naming the limit, and answers the others', { timeout: 10_000 }, async () => {
    process.env.DEID_STUDIO_LIMIT_FILE_SECONDS = '0.5';
    try {
      pool = createTaskRunner(1, { script });
      const paths = ['a', 'hang-1', 'b'];
      const responses = await Promise.all(paths.map((p) => pool?.run(header(p))));
      expect(responses[1]).toEqual({ kind: 'error', message: expect.stringContaining('limit fileSeconds = 0.5') });
      for (const i of [0, 2]) expect(responses[i]).toEqual(answered(paths[i]));
    } finally {
      delete process.env.DEID_STUDIO_LIMIT_FILE_SECONDS;
    }
  });

  it('never hands a request to a worker that exited while idle', { timeout: 10_000 }, async () => {
    pool = createTaskRunner(1, { script });
    expect(await pool.run(header('answer-then-exit-1'))).toEqual(answered('answer-then-exit-1'));
    // Right away (the exit may not be noticed yet) and after it surely has been.
    expect(await pool.run(header('a'))).toEqual(answered('a'));
    expect(await pool.run(header('answer-then-exit-2'))).toEqual(answered('answer-then-exit-2'));
    await new Promise((r) => setTimeout(r, 100));
    expect(await pool.run(header('b'))).toEqual(answered('b'));
  });

  it('answers requests still in flight when it is closed, and every request after', { timeout: 10_000 }, async () => {
    pool = createTaskRunner(1, { script });
    const pending = [pool.run(header('a')), pool.run(header('exit-1'))];
    await new Promise((r) => setTimeout(r, 30));
    await pool.close();
    for (const r of await Promise.all(pending)) expect(r.kind).toBe('error');
    expect((await pool.run(header('b'))).kind).toBe('error');
  });
});

describe('defaultResourceLimits', () => {
  it('takes the heap from DEID_STUDIO_WORKER_HEAP_MB, else a quarter of memory within 256 MB..4 GB', () => {
    expect(defaultResourceLimits({ DEID_STUDIO_WORKER_HEAP_MB: '64' })).toEqual({ maxOldGenerationSizeMb: 64 });
    expect(() => defaultResourceLimits({ DEID_STUDIO_WORKER_HEAP_MB: 'lots' })).toThrow(RangeError);
    const mb = defaultResourceLimits({}).maxOldGenerationSizeMb ?? 0;
    expect(mb).toBeGreaterThanOrEqual(256);
    expect(mb).toBeLessThanOrEqual(4096);
  });
});
