// Issue 9's acceptance on the shared corpus's burned-in-truth.csv, NOT yet met and so not run
// (vitest picks up *.test.ts only): every phi row is unreadable today (18 of 18, asserted in
// test/cli/corpusPixels.test.ts), but five of the seven keep rows are lost, because the line they
// sit in holds a word nothing explains (BARRETT'S), text the recogniser cannot read (LYMPH NODE
// read as CJK), or a value read apart from its parameter (PRF / 5000 / Hz). Rename to
// acceptanceCorpus.test.ts when it passes.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, CORPUS_TRUTH, scoreCorpusTruth, type CorpusRowScore } from '../support/corpusTruthScore';
import { judgeMissing } from '../support/judges';
import { deidentifyTree } from '../support/textTruthRun';

describe.skipIf(!existsSync(CORPUS_TRUTH) || judgeMissing('tesseract'))('issue 9 acceptance: burned-in-truth.csv of the shared corpus', () => {
  let work: string;
  let rows: CorpusRowScore[];
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'deid-acceptance-corpus-'));
    const run = deidentifyTree(join(CORPUS, 'burned-in-text'), join(work, 'out'), work);
    rows = await scoreCorpusTruth(join(work, 'out'), run.outcomes);
  }, 900_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('makes every phi row unreadable and keeps every keep row', () => {
    expect(rows.filter((r) => r.readableIn).length).toBeGreaterThan(0);
    expect(rows.filter((r) => !r.pass).map((r) => `${r.kind} ${r.path} "${r.text}": ${r.verdict}`)).toEqual([]);
  });
});
