// Lanes of frames: contiguous runs in order, taken at once; short images stay one lane; the first
// failure stops every lane before its next frame and is what the call rejects with.
import { describe, expect, it } from 'vitest';
import { runInLanes } from './frameLanes';

/** Records, per lane, the items it ran in the order it ran them;. */
async function lanesOf(items: number[], lanes: number): Promise<{ runs: number[][]; maxAtOnce: number }> {
  const runs: number[][] = [];
  let inFlight = 0;
  let maxAtOnce = 0;
  await runInLanes(items, lanes, async (item, lane) => {
    inFlight++;
    maxAtOnce = Math.max(maxAtOnce, inFlight);
    await new Promise((r) => setTimeout(r, 1));
    (runs[lane] ??= []).push(item);
    inFlight--;
  });
  return { runs, maxAtOnce };
}

describe('runInLanes', () => {
  it('cuts a long image into contiguous runs, each in order, the lanes at once', async () => {
    const items = Array.from({ length: 120 }, (_, i) => i);
    const { runs, maxAtOnce } = await lanesOf(items, 2);
    expect(runs).toEqual([items.slice(0, 60), items.slice(60)]);
    expect(maxAtOnce).toBe(2);
    const three = await lanesOf(items.slice(0, 25), 3);
    expect(three.runs.map((r) => r.length)).toEqual([8, 8, 9]);
    expect(three.runs.flat()).toEqual(items.slice(0, 25));
  });

  it('keeps a short image in one lane (fewer than 8 frames a lane), a single frame included', async () => {
    expect((await lanesOf([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14], 2)).runs).toEqual([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]]);
    expect((await lanesOf([0], 4)).runs).toEqual([[0]]);
    expect((await lanesOf([], 4)).runs).toEqual([]);
  });

  it('rejects with the first failure after every lane has stopped, and no lane starts another frame', async () => {
    const items = Array.from({ length: 40 }, (_, i) => i);
    const started: number[] = [];
    let settled = 0;
    const run = runInLanes(items, 2, async (item) => {
      started.push(item);
      try {
        await new Promise((r) => setTimeout(r, 2));
        if (item === 3) throw new Error('frame 3 cannot be decoded');
      } finally {
        settled++;
      }
    });
    await expect(run).rejects.toThrow('frame 3 cannot be decoded');
    // Lane 0 stopped at its 4th frame; lane 1 finished the frame it was on and took no other.
    expect(started.filter((i) => i < 20)).toEqual([0, 1, 2, 3]);
    expect(started.filter((i) => i >= 20).length).toBeLessThanOrEqual(5);
    expect(settled).toBe(started.length);
  });
});
