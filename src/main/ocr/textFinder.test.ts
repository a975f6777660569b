import { describe, expect, it } from 'vitest';
import type { DetectedRegion, LineRecognizer, RecognizedLine, TextDetector, TextImage } from './textEngines';
import { findText, mergeRegions, spaceByGaps, type JudgeLine } from './textFinder';
import { scriptedRecognizer } from '../../../test/support/scriptedEngines';

const image = (fill: number, w = 40, h = 20): TextImage => ({ width: w, height: h, channels: 1, data: new Uint8Array(w * h).fill(fill) });
const region = (x: number, y: number, w: number, h: number, score = 0.9): DetectedRegion => ({ x, y, w, h, score, vertical: false });

/** A detector that finds, in each view, the regions listed for that view's fill value. */
function fakeDetector(byFill: Record<number, DetectedRegion[]>): TextDetector & { calls: number } {
  return {
    engine: 'ppocr',
    calls: 0,
    async detect(img) {
      this.calls++;
      return byFill[img.data[0]] ?? [];
    },
    async close() {},
  };
}

/** The scripted recogniser, counting the boxes it read. */
function fakeRecognizer(textAt: Record<number, string>): LineRecognizer & { read: number } {
  const counted: LineRecognizer & { read: number } = Object.assign(
    scriptedRecognizer((x) => textAt[x], (n) => {
      counted.read += n;
    }),
    { read: 0 },
  );
  return counted;
}

const keepDevice: JudgeLine = (line) => (line.text === 'kV 120' ? { keep: true, reason: 'explained' } : { keep: false, reason: line.text ? 'unexplained text' : 'unreadable text' });

describe('findText', () => {
  it('returns every region found, kept only when the judge explains it; an unreadable one is burned', async () => {
    const detector = fakeDetector({ 10: [region(2, 2, 10, 5), region(20, 2, 10, 5), region(30, 10, 5, 5)] });
    const recognizer = fakeRecognizer({ 2: 'kV 120', 20: 'DOE JOHN' });
    const found = await findText([image(10)], { detector, recognizer }, keepDevice);
    expect(found.map((f) => [f.x, f.keep, f.reason])).toEqual([
      [2, true, 'explained'],
      [20, false, 'unexplained text'],
      [30, false, 'unreadable text'],
    ]);
  });

  it('merges a region seen in two views into one whose box covers both, read once', async () => {
    const detector = fakeDetector({ 10: [region(5, 5, 10, 4, 0.7)], 20: [region(6, 4, 12, 5, 0.95)] });
    const recognizer = fakeRecognizer({ 5: 'NAME' });
    const found = await findText([image(10), image(20)], { detector, recognizer }, keepDevice);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ x: 5, y: 4, w: 13, h: 5, score: 0.95 });
    expect(recognizer.read).toBe(1);
    expect(detector.calls).toBe(2);
  });

  it('does not read again a region whose pixels it already read (the next frame of a cine)', async () => {
    const detector = fakeDetector({ 10: [region(2, 2, 10, 5)] });
    const recognizer = fakeRecognizer({ 2: 'DOE' });
    const reads = new Map<string, RecognizedLine>();
    await findText([image(10)], { detector, recognizer }, keepDevice, { reads });
    await findText([image(10)], { detector, recognizer }, keepDevice, { reads });
    expect(recognizer.read).toBe(1);
    expect(detector.calls).toBe(2);
  });

  it('keeps separate regions apart when they merely touch', () => {
    const merged = mergeRegions([[region(0, 0, 10, 10)], [region(9, 0, 10, 10)]]);
    expect(merged).toHaveLength(2);
  });
});

describe('spaceByGaps', () => {
  const chars = (spec: [string, number][]) => spec.map(([text, x]) => ({ text, x0: x, x1: x + 2 }));
  it('puts back the spaces a recogniser left out, from the steps between characters', () => {
    const line = { text: 'SE3', confidence: 99, rotation: 0 as const, chars: chars([['S', 226], ['E', 231], ['3', 244]]) };
    const long = { text: 'EXAMREPORT', confidence: 99, rotation: 0 as const, chars: chars([['E', 0], ['X', 6], ['A', 12], ['M', 18], ['R', 32], ['E', 38], ['P', 44], ['O', 50], ['R', 56], ['T', 62]]) };
    expect(spaceByGaps(long).text).toBe('EXAM REPORT');
    expect(spaceByGaps(line).text).toBe('SE 3');
  });

  it('leaves evenly spaced text and lines that already have their spaces alone', () => {
    const even = { text: '61702245', confidence: 99, rotation: 0 as const, chars: chars([['6', 0], ['1', 6], ['7', 12], ['0', 18], ['2', 24], ['2', 30], ['4', 36], ['5', 42]]) };
    expect(spaceByGaps(even)).toBe(even);
  });
});
