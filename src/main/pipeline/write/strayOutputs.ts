import { relative, resolve } from 'node:path';
import type { AppDatabase } from '../../db/database';
import { listOutputDigests } from '../../db/outputsRepo';
import { sha256File } from '../../files/fileDigest';
import { walkFolder } from '../../files/walkFolder';

/** A file in an output tree that the database did not write as it is. */
export interface StrayOutput {
  path: string;
  /** `unknown`: no run recorded it; `changed`: its bytes differ from what the run wrote. */
  kind: 'unknown' | 'changed';
}

/**
 * Every file under the output tree `output` that the database did not write: paths no run
 * recorded, and recorded files whose bytes changed since (SHA-256). Sorted by path. Paths the walk
 * could not read (and FIFOs, sockets, devices) are unknown too: no run writes them.
 */
export async function findStrayOutputs(db: AppDatabase, output: string): Promise<StrayOutput[]> {
  const root = resolve(output);
  const recorded = listOutputDigests(db, root);
  const walk = walkFolder(root);
  const stray: StrayOutput[] = walk.problems.map((p) => ({ path: p.path, kind: 'unknown' as const }));
  for (const f of walk.files) {
    const digest = recorded.get(relative(root, f.path));
    if (digest === undefined) stray.push({ path: f.path, kind: 'unknown' });
    else if ((await sha256File(f.path)) !== digest) stray.push({ path: f.path, kind: 'changed' });
  }
  return stray.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
