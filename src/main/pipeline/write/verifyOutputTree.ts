/**
 * The verify pass over a de-identified tree as both front ends run it (the CLI's `verify`, the
 * app's verify job): the pixels of every image re-read ({@link verifyTree}) and every file the
 * database did not write, or that changed since, listed ({@link findStrayOutputs}). What counts as
 * a problem, how each is labelled and what the tree's verdict is: `outputTreeVerdict.ts`.
 */
import type { AppDatabase } from '../../db/database';
import type { OutputTreeCheck } from './outputTreeVerdict';
import { findStrayOutputs } from './strayOutputs';
import { verifyTree, type VerifyTreeOptions } from './verifyTree';

/** Verifies the pixels of every image under `o.output` and, with a database, lists its stray files. */
export async function checkOutputTree(o: VerifyTreeOptions & { db?: AppDatabase }): Promise<OutputTreeCheck> {
  const pixels = await verifyTree(o);
  // An interrupted pass stops here: the listing would only delay the stop the user asked for.
  const stray = o.db && !pixels.interrupted ? await findStrayOutputs(o.db, o.output) : undefined;
  return { pixels, stray };
}
