/**
 * The outputs of the project's fixtures, byte for byte, against hashes recorded from an earlier
 * commit (`test/golden/outputs.golden.json`). A change that alters any written byte, any output
 * path or any file's outcome fails here; a change meant to alter them records new hashes with
 * `DEID_UPDATE_GOLDEN=1 npx vitest run test/golden` and says why in its commit.
 *
 * Subject ids and the project secret are random in production; here they are pinned (the secret
 * set in the database, the subject ids pre-assigned) so that the bytes are reproducible.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunSummarySchema, type FileOutcome } from '../../src/shared/runSummary';
import { buildStudyFolder } from '../fixtures/buildStudy';
import { buildBurnedInStudy } from '../fixtures/burnedInStudy';
import { writeCtSeries } from '../fixtures/ctSeries';
import { writeTinyStudy } from '../support/tinyStudy';
import { hashTree } from '../support/dicomWalk';
import { pinProject } from '../support/pinProject';
import { runCli } from '../support/runCli';

const GOLDEN = join(import.meta.dirname, 'outputs.golden.json');
const UPDATE = process.env.DEID_UPDATE_GOLDEN === '1';

/** What one run wrote: the exit code, each input's outcome and each output's hash. */
interface GoldenRun {
  exitCode: number;
  outcomes: Record<string, string>;
  outputs: Record<string, string>;
}

interface GoldenCase {
  name: string;
  /** Which fixture folder the run reads. */
  input: 'headers' | 'burned' | 'sample' | 'series' | 'tiny';
  args: string[];
}

const CASES: readonly GoldenCase[] = [
  { name: 'headers, default options', input: 'headers', args: [] },
  { name: 'headers, --allow-uncleaned', input: 'headers', args: ['--allow-uncleaned'] },
  { name: 'headers, basic profile only', input: 'headers', args: ['--option=-113106', '--option=-113108'] },
  { name: 'headers, retain UIDs, device and institution', input: 'headers', args: ['--option', '113110', '--option', '113109', '--option', '113112'] },
  { name: 'headers, modified dates', input: 'headers', args: ['--option=-113106', '--option', '113107'] },
  { name: 'headers, clean descriptors', input: 'headers', args: ['--option', '113105'] },
  { name: 'burned-in text, default options', input: 'burned', args: [] },
  { name: 'burned-in text, clean graphics', input: 'burned', args: ['--option', '113103'] },
  { name: 'sample study', input: 'sample', args: [] },
  { name: 'CT series without BurnedInAnnotation', input: 'series', args: [] },
  { name: 'tiny study of the app tests', input: 'tiny', args: [] },
];

let work: string;
const inputs: Record<GoldenCase['input'], string> = { headers: '', burned: '', sample: '', series: '', tiny: '' };
const actual: Record<string, GoldenRun> = {};

function runCase(c: GoldenCase, index: number): GoldenRun {
  const dir = join(work, `case${index}`);
  const db = join(dir, 'db', 'deid.sqlite');
  const input = inputs[c.input];
  pinProject(db, input);
  const out = join(dir, 'out');
  const r = runCli(['deidentify', input, '--out', out, '--db', db, '--json', ...c.args]);
  if (r.status === 1) throw new Error(`${c.name}: deidentify could not run: ${r.stderr}`);
  const summary = RunSummarySchema.parse(JSON.parse(r.stdout));
  const files = (JSON.parse(readFileSync(summary.report as string, 'utf8')) as { files: FileOutcome[] }).files;
  const outcomes: Record<string, string> = {};
  for (const f of files) outcomes[relative(input, f.path)] = f.output ? `${f.status} ${f.output}` : f.status;
  const outputs: Record<string, string> = {};
  if (existsSync(out)) for (const [path, hash] of hashTree(out)) outputs[relative(out, path)] = hash;
  return { exitCode: r.status, outcomes: sortKeys(outcomes), outputs: sortKeys(outputs) };
}

function sortKeys(o: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'deid-golden-'));
  inputs.headers = join(work, 'headers');
  buildStudyFolder(inputs.headers);
  inputs.burned = join(work, 'burned');
  buildBurnedInStudy(inputs.burned);
  inputs.sample = join(work, 'sample');
  cpSync(join('assets', 'sample-study', 'KU39009_20220921'), inputs.sample, { recursive: true });
  inputs.series = join(work, 'series');
  writeCtSeries(inputs.series, { count: 12, rows: 128, cols: 128, patientId: 'GOLDEN-CT', burnedInAnnotation: null });
  inputs.tiny = join(work, 'tiny');
  writeTinyStudy(inputs.tiny);
  CASES.forEach((c, i) => {
    actual[c.name] = runCase(c, i);
  });
  if (UPDATE) writeFileSync(GOLDEN, `${JSON.stringify(actual, null, 1)}\n`);
}, 600_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The recorded runs (read after `beforeAll`, which writes them when asked to). */
function golden(): Record<string, GoldenRun> {
  return existsSync(GOLDEN) ? (JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, GoldenRun>) : {};
}

describe('outputs of the project fixtures against the recorded hashes', () => {
  it('has a recorded run for every case', () => {
    expect(Object.keys(golden()).sort()).toEqual(CASES.map((c) => c.name).sort());
  });
  for (const c of CASES) {
    it(`${c.name}: the same exit code, outcomes and output bytes`, () => {
      const want = golden()[c.name];
      const got = actual[c.name];
      expect(got.exitCode).toBe(want?.exitCode);
      expect(got.outcomes).toEqual(want?.outcomes);
      expect(got.outputs).toEqual(want?.outputs);
      expect(Object.keys(got.outputs).length).toBeGreaterThan(0);
    });
  }
});
