/**
 * PatientIdentityRemoved of a folder's files, for the read-only judgement of an opened folder
 * (`pipeline/review/outputTree.ts`). The headers are read on a worker thread (request
 * `identityRemoved`), each file once per size and mtime; the main thread only keeps the answers.
 */
import type { StoredFileRow } from '../db/fileRow';
import type { IdentityRemovedReader } from '../pipeline/review/outputTree';
import type { TaskRunner } from '../workers/workerPool';
import { askWorker } from './workerAnswers';

/** A cache of PatientIdentityRemoved answers: `reader(rows)` reads the files not yet known, then answers from memory. */
export function identityRemovedCache(requests: TaskRunner): (rows: readonly StoredFileRow[]) => Promise<IdentityRemovedReader> {
  const cache = new Map<string, { size: number | null; mtimeMs: number | null; removed: boolean }>();
  const known = (r: StoredFileRow): boolean => {
    const hit = cache.get(r.path);
    return hit !== undefined && hit.size === r.size && hit.mtimeMs === r.mtimeMs;
  };
  return async (rows) => {
    const missing = rows.filter((r) => r.kind === 'dicom' && !known(r));
    if (missing.length > 0) {
      const { removed } = await askWorker(requests, { kind: 'identityRemoved', paths: missing.map((r) => r.path) });
      missing.forEach((r, i) => cache.set(r.path, { size: r.size, mtimeMs: r.mtimeMs, removed: removed[i] === true }));
    }
    return (row) => cache.get(row.path)?.removed ?? false;
  };
}
