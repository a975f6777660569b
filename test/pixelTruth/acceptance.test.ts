// Issue 9's acceptance on the project's own text-truth fixtures: every PHI string made unreadable
// (<= 10 % of its ink left, native tesseract at 3x reads none of it), every harmless string kept,
// no output that still shows PHI labelled clean. `npm run score:pixels` prints the same scores.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEXT_TRUTH_FAMILIES } from '../fixtures/textTruth/families';
import { judgeMissing } from '../support/judges';
import { KEEP_INK_LEFT_MIN, PHI_INK_LEFT_MAX, type StringScore, type TruthScore } from '../support/pixelScore';
import { runTextTruth } from '../support/textTruthRun';

/** How a failing string reads in the assertion message. */
function describeString(s: StringScore): string {
  return `${s.path} "${s.text}": ink left ${(100 * s.inkLeft).toFixed(0)} %, reference ${s.readableIn ? (s.readableOut ? 'reads it before and after' : 'reads it before only') : 'cannot read it before'} (${s.status})`;
}

describe.skipIf(judgeMissing('tesseract'))('issue 9 acceptance: the text-truth families after deidentify', () => {
  let work: string;
  let score: TruthScore;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'deid-acceptance-'));
    ({ score } = await runTextTruth(work));
  }, 900_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('the families are fair: the reference reads every PHI string in the input', () => {
    expect(score.strings.filter((s) => s.kind === 'phi' && !s.readableIn).map(describeString)).toEqual([]);
  });

  it.each(TEXT_TRUTH_FAMILIES.map((f) => [f.name, f.covers] as const))('%s (%s): every PHI string keeps at most a tenth of its ink and is unreadable to tesseract at 3x', (family) => {
    const mine = score.strings.filter((s) => s.family === family && s.kind === 'phi');
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.filter((s) => s.inkLeft > PHI_INK_LEFT_MAX || (s.readableIn && s.readableOut)).map(describeString)).toEqual([]);
  });

  it.each(TEXT_TRUTH_FAMILIES.map((f) => [f.name] as const))('%s: every harmless string is kept, intact and readable', (family) => {
    const mine = score.strings.filter((s) => s.family === family && s.kind === 'keep');
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.filter((s) => !s.pass).map(describeString)).toEqual([]);
    expect(mine.every((s) => s.inkLeft >= KEEP_INK_LEFT_MIN)).toBe(true);
  });

  it('no output that still shows PHI says its pixels are clean (113101 or BurnedInAnnotation NO)', () => {
    expect(score.cleanLabelLeaks.map((l) => `${l.path}: ${l.shown.join(', ')}`)).toEqual([]);
  });
});
