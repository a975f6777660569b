/**
 * The app's jobs on job threads (the bundled dist/main/job-worker.js, built by the test setup):
 * scan, OCR, de-identify and verify run their stages off the main thread, over the same database
 * file, and the services see what they wrote; progress arrives, a cancel stops a job, and a thread
 * that cannot start fails its job with the reason.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelName } from '../../shared/ipc/channelNames';
import type { ChannelResponse } from '../../shared/ipc/api';
import type { FileOutcome } from '../../shared/runSummary';
import { tinyEnv, type TinyEnv } from '../../../test/support/tinyStudy';
import { dispatch } from './dispatch';
import { threadJobStages } from './jobThread';

const threaded = threadJobStages(resolve('dist/main/job-worker.js'));
let env: TinyEnv;
let folderId: string;
let outFolderId: string;

async function call<K extends ChannelName>(name: K, payload: unknown): Promise<ChannelResponse<K>> {
  const r = await dispatch(env.services.handlers, name, payload, { validateResponse: true });
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

async function settleJobs(): Promise<void> {
  for (let round = 0; round < 50; round++) {
    const running = env.services.jobs.list().filter((j) => j.state === 'running');
    if (running.length === 0) return;
    await Promise.all(running.map((j) => env.services.jobs.settled(j.jobId)));
  }
  throw new Error('jobs kept starting');
}

beforeAll(async () => {
  env = tinyEnv({ browseRoot: true, workers: 1, stages: threaded.stages, ocr: threaded.ocr });
  const roots = await call('browseRoots', {});
  const listing = await call('browseList', { folderId: roots.roots[0].id });
  const study = listing.entries.find((x) => x.name === 'study');
  if (!study) throw new Error('study folder not listed');
  const opened = await call('studiesOpen', { source: { via: 'browse', folderId: study.id } });
  if ('cancelled' in opened) throw new Error('cancelled');
  folderId = opened.folder.folderId;
  await settleJobs();
  outFolderId = (await call('browseCreateFolder', { parentId: roots.roots[0].id, name: 'out' })).id;
}, 600_000);
afterAll(async () => {
  await env?.cleanup();
});

describe('jobs on job threads', () => {
  it('scanned the folder and read its images on threads; the main thread sees the rows and the OCR records', async () => {
    const jobs = env.services.jobs.list();
    expect(jobs.map((j) => `${j.kind}:${j.state}`).sort()).toEqual(['ocr:done', 'scan:done']);
    expect(jobs.find((j) => j.kind === 'scan')?.scan).toMatchObject({ total: 7, dicom: 6, nonDicom: 1, errors: 0, images: 6 });
    const tree = await call('studiesTree', { folderId });
    const actions = tree.patients.flatMap((p) => p.studies.flatMap((s) => s.series.flatMap((se) => se.instances.map((i) => i.verdict.action))));
    expect(actions).toHaveLength(6);
    // Every image was read by the OCR job's thread: none is still waiting to be read.
    expect(actions).not.toContain('read');
  });

  it('de-identifies on a thread, recording the run the main thread opened, with progress', { timeout: 300_000 }, async () => {
    const started = await call('deidentifyStart', { folderId, output: { via: 'browse', folderId: outFolderId }, allowUncleaned: true });
    if ('cancelled' in started) throw new Error('cancelled');
    const seen: string[] = [];
    const off = env.services.subscribe((event) => {
      if (event === 'jobProgress') seen.push(event);
    });
    const job = await env.services.jobs.settled(started.jobId);
    off();
    expect(job?.state, JSON.stringify(job?.error)).toBe('done');
    const outcomes = (JSON.parse(readFileSync(job?.summary?.report as string, 'utf8')) as { files: FileOutcome[] }).files;
    const written = outcomes.filter((o) => o.status === 'written');
    expect(written.length).toBeGreaterThan(0);
    for (const o of written) expect(existsSync(join(env.root, 'out', o.output as string))).toBe(true);
    expect(seen.length).toBeGreaterThan(0);
  });

  it('verifies on a thread: every written image confirmed clean, every file as written', { timeout: 300_000 }, async () => {
    const deid = env.services.jobs.list().find((j) => j.kind === 'deidentify');
    const { jobId } = await call('verifyStart', { source: { via: 'job', jobId: deid?.jobId } });
    const job = await env.services.jobs.settled(jobId);
    expect(job?.state, JSON.stringify(job?.error)).toBe('done');
    expect(job?.verify).toMatchObject({ verdict: 'confirmed', problems: [], interrupted: false });
  });

  it('stops a job on a thread when it is cancelled', { timeout: 300_000 }, async () => {
    const deid = env.services.jobs.list().find((j) => j.kind === 'deidentify');
    const { jobId } = await call('verifyStart', { source: { via: 'job', jobId: deid?.jobId } });
    expect(env.services.jobs.cancel(jobId)).toBe(true);
    const job = await env.services.jobs.settled(jobId);
    expect(job?.state).toBe('cancelled');
  });

  it('fails a job whose thread cannot start, naming why', async () => {
    const broken = threadJobStages(join(env.root, 'no-such-job-worker.js'));
    await expect(broken.stages.verify({ db: env.db, output: join(env.root, 'out'), signal: new AbortController().signal, progress: () => {} })).rejects.toThrow(/the verify job's thread (crashed|exited)/);
  });
});
