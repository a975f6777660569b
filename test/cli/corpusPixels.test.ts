import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/shared/csv';
import { RunSummarySchema, type FileOutcome } from '../../src/shared/runSummary';
import { CORPUS, CORPUS_TRUTH as TRUTH, scaleFor } from '../support/corpusTruthScore';
import { judgeMissing } from '../support/judges';
import { reads, referenceText } from '../support/referenceOcr';
import { runCli } from '../support/runCli';

// The shared corpus of real third-party files: present in CI, absent on a fresh clone.
const present = existsSync(TRUTH);

interface TruthRow {
  path: string;
  kind: 'phi' | 'keep';
  text: string;
}

let work: string;
let outcomes: FileOutcome[];
let truth: TruthRow[];

describe.skipIf(!present || judgeMissing('tesseract'))('burned-in text of the shared corpus (burned-in-truth.csv)', () => {
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'deid-corpus-pixels-'));
    const r = runCli(['deidentify', join(CORPUS, 'burned-in-text'), '--out', join(work, 'out'), '--db', join(work, 'db.sqlite'), '--json']);
    const summary = RunSummarySchema.parse(JSON.parse(r.stdout));
    outcomes = (JSON.parse(readFileSync(summary.report as string, 'utf8')) as { files: FileOutcome[] }).files;
    const [header, ...rows] = parseCsv(readFileSync(TRUTH, 'utf8'));
    expect(header).toEqual(['path', 'kind', 'text']);
    truth = rows.filter((r) => r.length === 3).map(([path, kind, text]) => ({ path, kind: kind as TruthRow['kind'], text }));
  }, 1_500_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('makes every phi string the reference reads in the input unreadable; reports lost harmless strings and the unscored rest', { timeout: 600_000 }, async () => {
    const scored: string[] = [];
    const unscored: string[] = [];
    const failures: string[] = [];
    const lost: string[] = [];
    const inputText = new Map<string, string>();
    for (const t of truth) {
      const input = join(CORPUS, t.path);
      const scales = [scaleFor(input)];
      if (!inputText.has(input)) inputText.set(input, await referenceText(input, 0, scales));
      if (!reads(inputText.get(input) as string, t.text)) {
        unscored.push(`${t.kind} "${t.text}" in ${t.path} (the reference cannot read it in the input)`);
        continue;
      }
      const o = outcomes.find((x) => x.path === input);
      if (!o?.output) {
        // Withheld: nothing leaves, so a phi string is safe and a keep string cannot be scored.
        if (t.kind === 'phi') scored.push(`phi "${t.text}" in ${t.path}: withheld (${o?.reason ?? o?.status})`);
        else unscored.push(`keep "${t.text}" in ${t.path}: the image was withheld (${o?.reason ?? o?.status})`);
        continue;
      }
      const after = await referenceText(join(work, 'out', o.output), 0, scales);
      const readable = reads(after, t.text);
      scored.push(`${t.kind} "${t.text}" in ${t.path}: ${readable ? 'readable' : 'unreadable'} after`);
      if (t.kind === 'phi' && readable) failures.push(`phi "${t.text}" still readable in ${t.path}`);
      // Harmless text lost is reported, not failed here: the detect-first pipeline burns a line with
      // any word it cannot explain, and five of the seven keep rows sit in such lines today (issue 9's
      // acceptance for them waits in test/pixelTruth/acceptanceCorpus.pending.ts).
      if (t.kind === 'keep' && !readable) lost.push(`keep "${t.text}" lost in ${t.path}`);
    }
    console.info(`burned-in-truth: ${scored.length} scored, ${unscored.length} unscored\n  ${[...scored, ...unscored.map((u) => `UNSCORED ${u}`)].join('\n  ')}`);
    if (lost.length) console.info(`harmless text lost:\n  ${lost.join('\n  ')}`);
    expect(scored.filter((x) => x.startsWith('phi')).length).toBeGreaterThan(0);
    expect(failures).toEqual([]);
  });
});
