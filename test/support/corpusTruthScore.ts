/**
 * Scores the shared corpus's `burned-in-truth.csv` rows against a run over its `burned-in-text/`
 * folder: every `phi` row unreadable to the reference after de-identification, every `keep` row
 * still readable. The corpus has no masks, so only the reference's reading judges it (frame 0,
 * the whole frame, as test/cli/corpusPixels.test.ts reads it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseCsv } from '../../src/shared/csv';
import type { FileOutcome } from '../../src/shared/runSummary';
import { FileSource } from '../../src/main/dicom/byteSource';
import { parseDicom } from '../../src/main/dicom/parseDicom';
import { locatePixels } from '../../src/main/pixels/locateImage';
import { reads, referenceText } from './referenceOcr';

/** The shared corpus, beside the repository (absent on a fresh clone). */
export const CORPUS = resolve('../shared/corpus');
/** Its truth table. */
export const CORPUS_TRUTH = join(CORPUS, 'burned-in-truth.csv');

/** One truth row and its verdict. */
export interface CorpusRowScore {
  path: string;
  kind: 'phi' | 'keep';
  text: string;
  /** The reference reads it in the input (otherwise the row is unscored). */
  readableIn: boolean;
  pass: boolean;
  verdict: string;
}

/** The rows of burned-in-truth.csv; empty when the corpus is absent. */
function corpusTruthRows(): { path: string; kind: 'phi' | 'keep'; text: string }[] {
  if (!existsSync(CORPUS_TRUTH)) return [];
  const [header, ...rows] = parseCsv(readFileSync(CORPUS_TRUTH, 'utf8'));
  if (header.join(',') !== 'path,kind,text') throw new Error(`unexpected header in ${CORPUS_TRUTH}: ${header.join(',')}`);
  return rows.filter((r) => r.length === 3 && (r[1] === 'phi' || r[1] === 'keep')).map(([path, kind, text]) => ({ path, kind: kind as 'phi' | 'keep', text }));
}

/** The 3x, reduced for large frames so the reference's page stays under ~3000 px a side. */
function scaleFor(path: string): number {
  const src = new FileSource(path);
  try {
    const d = locatePixels(parseDicom(src))?.desc;
    return d ? Math.max(1, Math.min(3, Math.floor(3000 / Math.max(d.rows, d.columns)))) : 3;
  } finally {
    src.close();
  }
}

/** Scores every truth row against the outputs of a run over the corpus (`outcomes`, outputs under `outputRoot`). */
export async function scoreCorpusTruth(outputRoot: string, outcomes: readonly FileOutcome[]): Promise<CorpusRowScore[]> {
  const cache = new Map<string, string>();
  const textOf = async (path: string, scale: number): Promise<string> => {
    const key = `${path}@${scale}`;
    if (!cache.has(key)) cache.set(key, await referenceText(path, 0, [scale]));
    return cache.get(key) as string;
  };
  const scores: CorpusRowScore[] = [];
  for (const t of corpusTruthRows()) {
    const input = join(CORPUS, t.path);
    const scale = scaleFor(input);
    const readableIn = reads(await textOf(input, scale), t.text);
    const o = outcomes.find((x) => resolve(x.path) === resolve(input));
    if (!o?.output) {
      // Withheld: nothing leaves, so a phi row is safe and a keep row is lost.
      const verdict = `not written (${o?.reason ?? o?.status ?? 'missing from the report'})`;
      scores.push({ ...t, readableIn, pass: t.kind === 'phi', verdict });
      continue;
    }
    const readableOut = reads(await textOf(join(outputRoot, o.output), scale), t.text);
    const pass = t.kind === 'phi' ? !readableOut : readableOut;
    scores.push({ ...t, readableIn, pass: !readableIn || pass, verdict: readableOut ? 'readable after' : 'unreadable after' });
  }
  return scores;
}
