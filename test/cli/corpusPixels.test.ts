import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunSummarySchema, type FileOutcome } from '../../src/shared/runSummary';
import { CORPUS, CORPUS_TRUTH, scoreCorpusTruth, type CorpusRowScore } from '../support/corpusTruthScore';
import { judgeMissing } from '../support/judges';
import { runCli } from '../support/runCli';

// Issue 9's acceptance on the shared corpus of real third-party files (present in CI, absent on a
// fresh clone): every phi row of burned-in-truth.csv unreadable to the reference after
// de-identification, every keep row still readable. A row the reference cannot read in the input
// is reported as unscored; a withheld image keeps its phi rows safe and loses its keep rows.
let work: string;
let outcomes: FileOutcome[];

describe.skipIf(!existsSync(CORPUS_TRUTH) || judgeMissing('tesseract'))('burned-in text of the shared corpus (burned-in-truth.csv)', () => {
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'deid-corpus-pixels-'));
    const r = runCli(['deidentify', join(CORPUS, 'burned-in-text'), '--out', join(work, 'out'), '--db', join(work, 'db.sqlite'), '--json']);
    const summary = RunSummarySchema.parse(JSON.parse(r.stdout));
    outcomes = (JSON.parse(readFileSync(summary.report as string, 'utf8')) as { files: FileOutcome[] }).files;
  }, 1_500_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('makes every phi row unreadable and keeps every keep row', { timeout: 600_000 }, async () => {
    const rows: CorpusRowScore[] = await scoreCorpusTruth(join(work, 'out'), outcomes);
    const line = (r: CorpusRowScore): string => `${r.kind} "${r.text}" in ${r.path}: ${r.readableIn ? r.verdict : 'UNSCORED (the reference cannot read it in the input)'}`;
    console.info(`burned-in-truth: ${rows.filter((r) => r.readableIn).length} scored of ${rows.length}\n  ${rows.map(line).join('\n  ')}`);
    expect(rows.filter((r) => r.readableIn && r.kind === 'phi').length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.readableIn && r.kind === 'keep').length).toBeGreaterThan(0);
    expect(rows.filter((r) => !r.pass).map(line)).toEqual([]);
  });
});
