/**
 * An opened folder that is a de-identified tree (see pipeline/review/outputTree.ts) is checked,
 * not reviewed: channels that would assign subject ids, read text for proposals or write boxes
 * refuse it, and its images show what the verify pass (the CLI's `verify`, run as a job) found.
 */
import { relative } from 'node:path';
import { describeOutputTree } from '../pipeline/review/outputTree';
import { jobOutput } from './jobSpec';
import type { ServicesContext } from './servicesContext';
import { ServiceError } from './serviceError';

/** What the tree says of a read-only folder; null for a folder to review. */
export interface ReadOnlyView {
  message: string;
  runIds: number[];
  /** Files saying PatientIdentityRemoved YES, and how many of them this database wrote. */
  identityRemoved: number;
  recorded: number;
}

/** The verify pass's word on one image of a read-only tree. */
export interface ImageVerify {
  status: 'pending' | 'clean' | 'found' | 'failed' | 'not-run' | 'not-written' | 'changed';
  reason: string;
}

/** The read-only view of `folder`, or null when it is a folder to review. */
export async function readOnlyView(ctx: ServicesContext, folder: string): Promise<ReadOnlyView | null> {
  const s = await ctx.outputTree(folder);
  if (!s.readOnly) return null;
  return { message: describeOutputTree(s), runIds: s.runIds, identityRemoved: s.identityRemoved, recorded: s.recorded };
}

/** Refuses `what` on a read-only folder, in the tree's own words. */
export async function refuseReadOnly(ctx: ServicesContext, folder: string, what: string): Promise<void> {
  const view = await readOnlyView(ctx, folder);
  if (view) throw new ServiceError('READ_ONLY_TREE', `${view.message}: ${what} is not done on a de-identified tree`);
}

/**
 * The newest verify job over `folder`, as a lookup by file path: every image it did not list as a
 * problem was confirmed clean (once it finished uninterrupted).
 */
export function verifyLookup(ctx: ServicesContext, folder: string): (path: string) => ImageVerify {
  const job = ctx.jobs.list().find((j) => {
    const spec = j.kind === 'verify' ? ctx.jobs.spec(j.jobId) : undefined;
    return spec !== undefined && jobOutput(spec) === folder;
  });
  if (!job) return () => ({ status: 'not-run', reason: ctx.o.ocr ? 'the verify pass has not run' : 'verify needs OCR, which is not available in this build' });
  if (job.state === 'running') return () => ({ status: 'pending', reason: 'the verify pass is reading this tree' });
  const v = job.verify;
  if (job.state !== 'done' || !v || v.interrupted) return () => ({ status: 'not-run', reason: job.error?.message ?? `the verify pass ${job.state === 'done' ? 'was interrupted' : job.state}` });
  const problems = new Map(v.problems.map((p) => [p.path, p]));
  return (path) => {
    const p = problems.get(relative(folder, path));
    return p ? { status: p.status, reason: p.reason } : { status: 'clean', reason: 'verify: no text left outside what was explained as harmless' };
  };
}
