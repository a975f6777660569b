/**
 * Builds the text-truth families, de-identifies them with the bundled CLI (`dist/main/cli.js`,
 * built by `node scripts/build.mjs`) and scores the outputs: what `npm run score:pixels` prints
 * and the pending acceptance test asserts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunSummarySchema, type FileOutcome } from '../../src/shared/runSummary';
import { buildTextTruth } from '../fixtures/textTruth/families';
import type { TruthImage } from '../fixtures/textTruth/truth';
import { scoreTextTruth, type TruthScore } from './pixelScore';
import { runCli } from './runCli';

/** A `deidentify` run of the bundled CLI: its exit code and each file's outcome. */
interface TreeRun {
  exitCode: number;
  outcomes: FileOutcome[];
  durationMs: number;
}

/** Runs `deid-studio deidentify <input> --out <output>` with its own database under `work`. */
export function deidentifyTree(input: string, output: string, work: string, extraArgs: readonly string[] = []): TreeRun {
  const r = runCli(['deidentify', input, '--out', output, '--db', join(work, 'db.sqlite'), '--json', ...extraArgs]);
  if (r.stdout.trim() === '') throw new Error(`deidentify printed no summary (exit ${r.status}): ${r.stderr}`);
  const summary = RunSummarySchema.parse(JSON.parse(r.stdout));
  if (!summary.report) throw new Error(`deidentify wrote no run report: ${r.stderr}`);
  const outcomes = (JSON.parse(readFileSync(summary.report, 'utf8')) as { files: FileOutcome[] }).files;
  return { exitCode: r.status, outcomes, durationMs: summary.durationMs };
}

/** The families built, de-identified and scored. */
interface TextTruthRun {
  truth: TruthImage[];
  run: TreeRun;
  score: TruthScore;
}

/** Builds the families under `work/in`, de-identifies them to `work/out` and scores the result. */
export async function runTextTruth(work: string): Promise<TextTruthRun> {
  const inputRoot = join(work, 'in');
  const outputRoot = join(work, 'out');
  const truth = buildTextTruth(inputRoot);
  const run = deidentifyTree(inputRoot, outputRoot, work);
  const score = await scoreTextTruth({ inputRoot, outputRoot, outcomes: run.outcomes, truth });
  return { truth, run, score };
}
