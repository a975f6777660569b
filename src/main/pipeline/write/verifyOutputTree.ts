/**
 * The verify pass over a de-identified tree as both front ends run it (the CLI's `verify`, the
 * app's verify job): the pixels of every image re-read ({@link verifyTree}) and every file the
 * database did not write, or that changed since, listed ({@link findStrayOutputs}). What counts as
 * a problem, how each is labelled and what the tree's verdict is are decided here, once.
 */
import type { AppDatabase } from '../../db/database';
import { findStrayOutputs, type StrayOutput } from './strayOutputs';
import { verifyTree, type VerifyTreeOptions, type VerifyTreeResult } from './verifyTree';

/** What the verify pass found in a tree. */
export interface OutputTreeCheck {
  pixels: VerifyTreeResult;
  /** Files the database did not write as they are; undefined without a database (they cannot be told apart). */
  stray: StrayOutput[] | undefined;
}

/**
 * The tree's verdict: `interrupted`; `not-confirmed` when an image shows text left or a file is
 * not as the database wrote it; `unreadable` when some image could not be read; else `confirmed`.
 */
export type OutputTreeVerdict = 'confirmed' | 'not-confirmed' | 'unreadable' | 'interrupted';

/** How a stray file is listed, by the CLI and the app alike. */
export function strayLabel(kind: StrayOutput['kind']): string {
  switch (kind) {
    case 'unknown':
      return 'NOT WRITTEN BY DEID-STUDIO';
    case 'changed':
      return 'CHANGED SINCE WRITTEN';
    default: {
      const never: never = kind;
      return String(never);
    }
  }
}

/** Verifies the pixels of every image under `o.output` and, with a database, lists its stray files. */
export async function checkOutputTree(o: VerifyTreeOptions & { db?: AppDatabase }): Promise<OutputTreeCheck> {
  const pixels = await verifyTree(o);
  // An interrupted pass stops here: the listing would only delay the stop the user asked for.
  const stray = o.db && !pixels.interrupted ? await findStrayOutputs(o.db, o.output) : undefined;
  return { pixels, stray };
}

/** The verdict on a checked tree (see {@link OutputTreeVerdict}). */
export function outputTreeVerdict(c: OutputTreeCheck): OutputTreeVerdict {
  if (c.pixels.interrupted) return 'interrupted';
  if (c.pixels.counts.found > 0 || (c.stray?.length ?? 0) > 0) return 'not-confirmed';
  if (c.pixels.counts.failed > 0) return 'unreadable';
  return 'confirmed';
}
