import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../db/database';
import { openDatabase } from '../db/openDatabase';
import { listRuns, recordRun } from '../db/runsRepo';
import { type JobSpec, JobManager } from './jobManager';

let dir: string;
let db: AppDatabase;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'deid-jobs-'));
  db = openDatabase(join(dir, 'db.sqlite'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('JobManager', () => {
  it('throttles progress to one event per interval but always sends the last, then jobFinished', async () => {
    let now = 1_000;
    const events: { event: string; done?: number; etaMs?: number | null }[] = [];
    const jobs = new JobManager({
      db,
      emit: (event, payload) => events.push({ event, ...(event === 'jobProgress' ? { done: (payload as { done: number }).done, etaMs: (payload as { etaMs: number | null }).etaMs } : {}) }),
      folderId: () => 'fld_abcdefgh',
      workFor: () => async () => ({}),
      throttleMs: 100,
      now: () => now,
    });
    const id = jobs.start({ kind: 'scan', folder: '/x', project: 'default', thenRead: false }, async ({ progress }) => {
      const startedAt = now;
      for (let done = 1; done <= 50; done++) {
        now += 10;
        progress({ phase: 'scan', done, total: 50, startedAt });
      }
      return { scan: { total: 50, dicom: 50, nonDicom: 0, errors: 0, images: 50 } };
    });
    const view = await jobs.settled(id);
    const progress = events.filter((e) => e.event === 'jobProgress');
    // 500 ms of work at one event per 100 ms: 5 or 6 events, not 50; the last one says 50/50.
    expect(progress.length).toBeGreaterThanOrEqual(5);
    expect(progress.length).toBeLessThanOrEqual(7);
    expect(progress.at(-1)?.done).toBe(50);
    expect(progress[1].etaMs).toBeGreaterThan(0);
    expect(events.at(-1)?.event).toBe('jobFinished');
    expect(view).toMatchObject({ state: 'done', scan: { total: 50 } });
    const run = listRuns(db).find((r) => `job_${r.id}` === id);
    expect(run?.exitCode).toBe(0);
    expect(run?.finishedAt).not.toBeNull();
  });

  it('cancels through the AbortSignal and records a failure with its code', async () => {
    const jobs = new JobManager({ db, emit: () => {}, folderId: () => 'fld_abcdefgh', workFor: () => async () => ({}) });
    const id = jobs.start({ kind: 'scan', folder: '/x', project: 'default', thenRead: false }, ({ signal }) =>
      new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))),
    );
    expect(jobs.running('scan', '/x')).toBe(id);
    expect(jobs.cancel(id)).toBe(true);
    expect((await jobs.settled(id))?.state).toBe('cancelled');
    expect(jobs.cancel(id)).toBe(false);
    const failed = jobs.start({ kind: 'scan', folder: '/y', project: 'default', thenRead: false }, async () => {
      throw Object.assign(new Error('disk on fire'), { code: 'DISK' });
    });
    expect(await jobs.settled(failed)).toMatchObject({ state: 'failed', error: { code: 'DISK', message: 'disk on fire' } });
  });

  it('lists a job left unfinished by a dead process as interrupted and re-runs it on resume (a record from before typed specs)', async () => {
    const runId = recordRun(db, {
      command: 'app:deidentify',
      input: '/study',
      output: '/out',
      startedAt: '2024-01-01T00:00:00.000Z',
      summary: { params: { project: 'p', allowUncleaned: false }, pid: 424242 },
    });
    recordRun(db, { command: 'deidentify', input: '/cli', startedAt: '2024-01-01T00:00:00.000Z' });
    const ran: JobSpec[] = [];
    const jobs = new JobManager({
      db,
      emit: () => {},
      folderId: () => 'fld_abcdefgh',
      workFor: (spec) => async () => {
        ran.push(spec);
        return {};
      },
      isAlive: () => false,
    });
    const listed = jobs.list();
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ jobId: `job_${runId}`, kind: 'deidentify', state: 'interrupted', folderName: 'study' });
    const next = jobs.resume(`job_${runId}`);
    expect(next).not.toBe(`job_${runId}`);
    expect((await jobs.settled(next))?.state).toBe('done');
    expect(ran).toEqual([{ kind: 'deidentify', folder: '/study', output: '/out', project: 'p', allowUncleaned: false, overwrite: false }]);
    const old = listRuns(db).find((r) => r.id === runId);
    expect(old?.exitCode).toBe(130);
    // A fresh manager no longer lists it.
    const later = new JobManager({ db, emit: () => {}, folderId: () => 'fld_abcdefgh', workFor: () => async () => ({}), isAlive: () => false });
    expect(later.list()).toEqual([]);
  });

  it('does not treat a job of a live process as interrupted', () => {
    recordRun(db, { command: 'app:scan', input: '/s', startedAt: '2024-01-01T00:00:00.000Z', summary: { params: {}, pid: 1 } });
    const jobs = new JobManager({ db, emit: () => {}, folderId: () => 'fld_abcdefgh', workFor: () => async () => ({}), isAlive: () => true });
    expect(jobs.list()).toEqual([]);
  });
});

describe('JobManager shutdown', () => {
  it('leaves a job stopped by closing the app resumable in the next process', async () => {
    const jobs = new JobManager({ db, emit: () => {}, folderId: () => 'fld_abcdefgh', workFor: () => async () => ({}) });
    const id = jobs.start({ kind: 'scan', folder: '/z', project: 'default', thenRead: true }, ({ signal }) =>
      new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))),
    );
    await new Promise((r) => setTimeout(r, 5));
    await jobs.shutdown();
    expect(jobs.get(id)?.state).toBe('interrupted');
    const next = new JobManager({ db, emit: () => {}, folderId: () => 'fld_abcdefgh', workFor: () => async () => ({}), isAlive: () => false });
    expect(next.list()).toMatchObject([{ jobId: id, state: 'interrupted', kind: 'scan' }]);
    // Its typed spec came back from the database as it was stored.
    expect(next.spec(id)).toEqual({ kind: 'scan', folder: '/z', project: 'default', thenRead: true });
  });
});
