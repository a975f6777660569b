import { describe, expect, it } from 'vitest';
import { formatEta, formatRate, groupDigits, percentDone } from './formatJob';
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
  const progress = { jobId: 'job_1', kind: 'scan' as const, phase: 'scan', done: 3, total: 10, perSecond: 5, etaMs: 1400 };

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
