import { describe, expect, it } from 'vitest';
import { formatEta, formatRate, groupDigits, percentDone, progressLine, stripJobs } from './formatJob';
import { measureRate } from '../../shared/progress';
import { withFinished, withProgress } from '../session/useJobs';
import type { JobView } from '../session/useJobs';

describe('job progress text', () => {
  it('rounds rates and times the way people say them', () => {
    expect(formatRate(0.44)).toBe('0.4');
    expect(formatRate(12.6)).toBe('13');
    expect(formatRate(1250)).toBe('1,250');
    expect(formatRate(0)).toBe('–');
    expect(groupDigits(1234567)).toBe('1,234,567');
    expect(groupDigits(999)).toBe('999');
    expect(formatEta(null)).toBe('estimating…');
    expect(formatEta(400)).toBe('almost done');
    expect(formatEta(42_000)).toBe('about 42 s left');
    expect(formatEta(185_000)).toBe('about 3 min left');
    expect(formatEta(3_900_000)).toBe('about 1 h 5 min left');
  });

  it('computes whole percent, safe with an unknown total', () => {
    expect(percentDone(1, 3)).toBe(33);
    expect(percentDone(5, 0)).toBe(0);
    expect(percentDone(9, 3)).toBe(100);
  });
});

describe('job list updates', () => {
  const progress = { jobId: 'job_1', kind: 'scan' as const, phase: 'scan', done: 3, total: 10, unit: 'files' as const, perSecond: 5, etaMs: 1400 };

  it('adds a job first seen through its progress, then updates it', () => {
    const once = withProgress([], progress, new Date(0));
    expect(once).toHaveLength(1);
    expect(once[0].state).toBe('running');
    const twice = withProgress(once, { ...progress, done: 7 }, new Date(0));
    expect(twice[0].progress?.done).toBe(7);
  });

  it('does not let a late progress event reopen a finished job', () => {
    const running = withProgress([], progress, new Date(0));
    const finished: JobView = { ...running[0], state: 'done', finishedAt: new Date(1).toISOString() };
    const after = withProgress(withFinished(running, finished), { ...progress, done: 9 }, new Date(2));
    expect(after[0].state).toBe('done');
    expect(after[0].progress?.done).toBe(3);
  });
});

describe('progress counts what it says', () => {
  it('says files for files and frames for frames, with the rate in the same unit', () => {
    expect(progressLine({ done: 3, total: 7, unit: 'files', perSecond: 1.5, etaMs: 2667 })).toBe('3 of 7 files · 1.5 files/s · about 3 s left');
    expect(progressLine({ done: 1, total: 9, unit: 'frames', perSecond: 2, etaMs: 4000 })).toBe('1 of 9 frames · 2.0 frames/s · about 4 s left');
  });

  it('gives no time left until the job has a rate of its own', () => {
    expect(progressLine({ done: 0, total: 7, unit: 'files', perSecond: 0, etaMs: null })).toBe('0 of 7 files · measuring the rate…');
  });

  it("measures the rate from this job's first finished item, so start-up does not stretch the first estimate", () => {
    const p = { phase: 'ocr', total: 10, startedAt: 0 };
    // 8 s of start-up before the first item, then one item per second.
    const first = measureRate(null, { ...p, done: 1 }, 9000);
    expect(first.etaMs).toBeNull();
    const second = measureRate(first.origin, { ...p, done: 3 }, 11_000);
    expect(second.perSecond).toBe(1);
    expect(second.etaMs).toBe(7000);
    // The elapsed-time estimate this replaces would have said 7 × 11 / 3 ≈ 25.7 s.
    const next = measureRate(second.origin, { ...p, phase: 'verify', done: 1 }, 12_000);
    expect(next.etaMs).toBeNull();
    expect(measureRate(second.origin, { ...p, done: 10 }, 20_000).etaMs).toBe(0);
  });

  it('shows one strip per running job and collapses the finished ones', () => {
    const jobs = [
      { jobId: 'a', state: 'done' as const },
      { jobId: 'b', state: 'running' as const },
      { jobId: 'b', state: 'running' as const },
      { jobId: 'c', state: 'failed' as const },
      { jobId: 'd', state: 'interrupted' as const },
    ];
    const { open, finished } = stripJobs(jobs);
    expect(open.map((j) => j.jobId)).toEqual(['b', 'd']);
    expect(finished.map((j) => j.jobId)).toEqual(['a', 'c']);
  });
});
