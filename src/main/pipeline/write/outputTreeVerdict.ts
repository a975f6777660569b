/**
 * The verdict on a verified output tree and the labels of its stray files, decided once for the
 * CLI's `verify` and the app's verify job (the check itself is `verifyOutputTree.ts`). Loads no
 * parser: the app's main thread turns a check into its job view with it.
 */
import type { StrayOutput } from './strayOutputs';
import type { VerifyTreeResult } from './verifyTree';

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

/** The verdict on a checked tree (see {@link OutputTreeVerdict}). */
export function outputTreeVerdict(c: OutputTreeCheck): OutputTreeVerdict {
  if (c.pixels.interrupted) return 'interrupted';
  if (c.pixels.counts.found > 0 || (c.stray?.length ?? 0) > 0) return 'not-confirmed';
  if (c.pixels.counts.failed > 0) return 'unreadable';
  return 'confirmed';
}
