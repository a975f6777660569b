// `npm run score:pixels`: builds the text-truth families, de-identifies them with the bundled CLI,
// scores every string against its ink mask and the reference OCR, and prints the table per family;
// then the same for the shared corpus's burned-in-truth.csv when the corpus is present.
// Results also go to bench-results/pixel-score.json.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORPUS, CORPUS_TRUTH, scoreCorpusTruth } from '../support/corpusTruthScore';
import { formatCorpusScore, formatTruthScore } from '../support/pixelScoreTable';
import { deidentifyTree, runTextTruth } from '../support/textTruthRun';

const keepWork = process.argv.includes('--keep');
const work = mkdtempSync(join(tmpdir(), 'deid-score-pixels-'));
try {
  const started = Date.now();
  const { truth, run, score } = await runTextTruth(join(work, 'families'));
  const frames = truth.reduce((n, t) => n + t.frameCount, 0);
  process.stdout.write(`text-truth families: ${truth.length} images, ${frames} frames, ${score.strings.length} strings; deidentify ${(run.durationMs / 1000).toFixed(1)} s (exit ${run.exitCode}), scored in ${((Date.now() - started - run.durationMs) / 1000).toFixed(1)} s\n\n`);
  process.stdout.write(`${formatTruthScore(score)}\n`);
  const results: Record<string, unknown> = {
    families: Object.fromEntries(score.families),
    overall: score.overall,
    cleanLabelLeaks: score.cleanLabelLeaks.map((l) => ({ path: l.path, shown: l.shown, claims: l.claims })),
    strings: score.strings,
  };
  if (existsSync(CORPUS_TRUTH)) {
    const corpusRun = deidentifyTree(join(CORPUS, 'burned-in-text'), join(work, 'corpus-out'), join(work, 'corpus'));
    const rows = await scoreCorpusTruth(join(work, 'corpus-out'), corpusRun.outcomes);
    process.stdout.write(`\n${formatCorpusScore(rows)}\n`);
    results.corpus = rows;
  } else {
    process.stdout.write(`\n(no shared corpus at ${CORPUS}: burned-in-truth.csv not scored)\n`);
  }
  mkdirSync('bench-results', { recursive: true });
  writeFileSync('bench-results/pixel-score.json', JSON.stringify(results, null, 2));
  if (keepWork) process.stdout.write(`\nwork tree kept at ${work}\n`);
} finally {
  if (!keepWork) rmSync(work, { recursive: true, force: true });
}
