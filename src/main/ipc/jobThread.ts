import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CodedError } from '../../shared/codedError';
import type { JobProgress } from '../../shared/progress';
import type { JobStages } from './jobStages';
import type { FromJobThread, JobThreadData, ToJobThread } from './jobThreadProtocol';
import type { OcrRunner } from './servicesContext';
import { ServiceError } from './serviceError';

/** The bundled job thread script beside this bundle (dist/main/job-worker.js). */
function bundledJobWorker(): string {
  const url = new URL('./job-worker.js', import.meta.url);
  const path = url.protocol === 'file:' ? fileURLToPath(url) : '';
  if (!path || !existsSync(path)) throw new ServiceError('UNAVAILABLE', `the job thread script is missing (${path || url.href}): rebuild with npm run build`);
  return path;
}

/**
 * Runs one stage on a thread of its own over the same database file, passing progress (and the
 * OCR job's changed images) back, cancelling it through the signal, and settling with its result
 * or its coded failure. A thread that dies without answering fails the job, naming why.
 */
function onThread<T>(script: string, data: JobThreadData, signal: AbortSignal, progress: (p: JobProgress) => void, onImagesChanged?: (ids: number[]) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(script, { workerData: data });
    let settled = false;
    const settle = (f: () => void): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', cancel);
      f();
      // Its answer is in: the thread (kept alive by its message port) is done.
      void worker.terminate();
    };
    const cancel = (): void => worker.postMessage({ type: 'cancel' } satisfies ToJobThread);
    if (signal.aborted) cancel();
    else signal.addEventListener('abort', cancel);
    worker.on('message', (m: FromJobThread) => {
      switch (m.type) {
        case 'progress':
          progress(m.progress);
          break;
        case 'imagesChanged':
          onImagesChanged?.(m.fileIds);
          break;
        case 'done':
          settle(() => resolve(m.value as T));
          break;
        case 'failed':
          settle(() => reject(new CodedError(m.code, m.message)));
          break;
        default: {
          const never: never = m;
          settle(() => reject(new ServiceError('INTERNAL', `unknown job thread message ${JSON.stringify(never)}`)));
        }
      }
    });
    worker.on('error', (e: Error) => settle(() => reject(new ServiceError('INTERNAL', `the ${data.stage} job's thread crashed: ${e.message}`))));
    worker.on('exit', (code) => settle(() => reject(new ServiceError('INTERNAL', `the ${data.stage} job's thread exited with code ${code} before it answered`))));
  });
}

/**
 * The job stages and the OCR job run on worker threads (one per job), so the app's main thread
 * only orchestrates: it never parses, decodes or reads text from pixels.
 */
export function threadJobStages(script?: string): { stages: JobStages; ocr: OcrRunner } {
  const at = (): string => script ?? bundledJobWorker();
  return {
    stages: {
      scan: (a) => onThread(at(), { dbFile: a.db.file, stage: 'scan', folder: a.folder, workers: a.workers }, a.signal, a.progress),
      deidentify: (a) => onThread(at(), { dbFile: a.db.file, stage: 'deidentify', request: a.request, runId: a.runId }, a.signal, a.progress),
      verify: (a) => onThread(at(), { dbFile: a.db.file, stage: 'verify', output: a.output }, a.signal, a.progress),
    },
    ocr: (a) => onThread<null>(at(), { dbFile: a.db.file, stage: 'ocr', folder: a.folder, project: a.project }, a.signal, a.onProgress, a.onImagesChanged).then(() => undefined),
  };
}
