/**
 * Test support: a stand-in worker script for the pool's tests (run by Node's own type stripping,
 * so only erasable syntax and type-only imports). It answers `readHeader` requests after a short
 * delay, and dies on a marked one, after the other requests are already in flight:
 * - path starting `exit`: `process.exit(7)`;
 * - path starting `throw`: an uncaught exception from a timer;
 * - path starting `answer-then-exit`: answers, then exits while idle;
 * - path starting `hang`: never answers (a file that loops).
 */
import { parentPort } from 'node:worker_threads';
import type { WorkerRequest, WorkerResponse } from '../../src/main/workers/workerProtocol';

/** How long an ordinary request takes; a crash comes at a quarter of it. */
const ANSWER_MS = 80;

function answer(id: number, path: string): void {
  const response: WorkerResponse = { kind: 'readHeader', row: { path, size: 0, mtimeMs: 0, kind: 'non-dicom', reason: 'answered by the test worker' } };
  parentPort?.postMessage({ id, response });
}

parentPort?.on('message', (msg: { id: number; request: WorkerRequest }) => {
  const r = msg.request;
  const path = r.kind === 'deidentify' ? r.task.path : r.kind === 'headerPreview' || r.kind === 'asWritten' ? r.input.path : r.kind === 'identityRemoved' ? (r.paths[0] ?? '') : r.path;
  if (path.startsWith('exit')) {
    setTimeout(() => process.exit(7), ANSWER_MS / 4);
  } else if (path.startsWith('throw')) {
    setTimeout(() => {
      throw new Error(`test worker threw on ${path}`);
    }, ANSWER_MS / 4);
  } else if (path.startsWith('hang')) {
    // Never answered: the pool's per-file time budget must stop this worker.
  } else if (path.startsWith('answer-then-exit')) {
    answer(msg.id, path);
    setTimeout(() => process.exit(0), 5);
  } else {
    setTimeout(() => answer(msg.id, path), ANSWER_MS);
  }
});
