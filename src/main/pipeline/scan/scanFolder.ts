import { resolve } from 'node:path';
import type { AppDatabase } from '../../db/database';
import type { FileRow } from '../../dicom/indexRow';
import { countKindsUnder, getFileStatsUnder, removeMissingUnder, upsertFileRows } from '../../db/filesRepo';
import type { JobProgress } from '../../../shared/progress';
import { createTaskRunner, type TaskRunner } from '../../workers/workerPool';
import { forEachLimited } from '../../workers/forEachLimited';
import { walkFolder, type WalkProblem } from '../../files/walkFolder';

/** What a scan did. */
interface ScanResult {
  root: string;
  /** Files found. */
  total: number;
  /** Files read this time (new or changed since the last scan). */
  read: number;
  /** Files whose index row was still current. */
  unchanged: number;
  dicom: number;
  nonDicom: number;
  dicomdir: number;
  errors: number;
  /** Paths that could not be walked (unreadable folders, escaping links). */
  walkProblems: WalkProblem[];
}

/** Options for {@link scanFolder}. */
interface ScanOptions {
  signal?: AbortSignal;
  onProgress?: (p: JobProgress) => void;
  /** Reads headers on worker threads; inline when absent. */
  runner?: TaskRunner;
}

const BATCH = 256;

/**
 * Indexes every file under `folder` into the database. Files whose size and mtime match their
 * row are not read again, unless their row records a failure; rows of files that disappeared are removed. Never stops on a bad file.
 */
export async function scanFolder(db: AppDatabase, folder: string, options: ScanOptions = {}): Promise<ScanResult> {
  const root = resolve(folder);
  const { files, problems } = walkFolder(root);
  const known = getFileStatsUnder(db, root);
  const runner = options.runner ?? createTaskRunner(0);
  const batch: FileRow[] = [];
  const started = Date.now();
  // A file that failed last time (a worker crashed on it, or on a file beside it) is read again
  // whatever its size and mtime: the failure may not have been its own.
  const changed = files.filter((f) => {
    const prev = known.get(f.path);
    return !prev || prev.kind === 'error' || prev.size !== f.size || prev.mtimeMs !== f.mtimeMs;
  });
  let done = files.length - changed.length;
  await forEachLimited(changed, Math.max(1, runner.size * 4), async (f) => {
    options.signal?.throwIfAborted();
    const response = await runner.run({ kind: 'readHeader', path: f.path, size: f.size, mtimeMs: f.mtimeMs });
    const row: FileRow =
      response.kind === 'readHeader' ? response.row : { path: f.path, size: f.size, mtimeMs: f.mtimeMs, kind: 'error', reason: response.kind === 'error' ? response.message : 'unexpected worker answer' };
    batch.push(row);
    if (batch.length >= BATCH) upsertFileRows(db, batch.splice(0));
    done++;
    options.onProgress?.({ phase: 'scan', done, total: files.length, startedAt: started, current: f.path });
  });
  if (batch.length) upsertFileRows(db, batch);
  const read = changed.length;
  removeMissingUnder(db, root, files.map((f) => f.path));
  const counts = countKinds(db, root);
  return { root, total: files.length, read, unchanged: files.length - read, ...counts, walkProblems: problems };
}

function countKinds(db: AppDatabase, root: string): Pick<ScanResult, 'dicom' | 'nonDicom' | 'dicomdir' | 'errors'> {
  const rows = countKindsUnder(db, root);
  return { dicom: rows.dicom ?? 0, nonDicom: rows['non-dicom'] ?? 0, dicomdir: rows.dicomdir ?? 0, errors: rows.error ?? 0 };
}
