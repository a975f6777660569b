// Worker thread entry (bundled to dist/main/ppocr-worker.js): one PP-OCR core, one job at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { OcrError } from '../ocrErrors';
import { runPpocrJob } from './ppocrJob';
import { PpocrCore } from './ppocrCore';
import type { PpocrWorkerData, PpocrWorkerRequest, PpocrWorkerResponse } from './ppocrProtocol';

// A core that cannot start (a model missing) answers every job with why, rather than crashing
// the thread: the caller gets OCR_ENGINE_START, not a bare exit.
let core: PpocrCore | OcrError;
try {
  core = new PpocrCore(workerData as PpocrWorkerData);
} catch (e) {
  core = e instanceof OcrError ? e : new OcrError('OCR_ENGINE_START', `PP-OCR engine could not start: ${String(e)}`, { cause: e });
}

// The pool posts a job only after the previous answer, so jobs never overlap here.
parentPort?.on('message', (msg: PpocrWorkerRequest) => {
  const started = core;
  const answer = started instanceof OcrError ? Promise.reject(started) : runPpocrJob(started, msg.job);
  void answer.then(
    (value) => parentPort?.postMessage({ id: msg.id, ok: true, value } satisfies PpocrWorkerResponse),
    (e: unknown) => {
      const code = e instanceof OcrError ? e.code : 'OCR_FAILED';
      parentPort?.postMessage({ id: msg.id, ok: false, code, message: e instanceof Error ? e.message : String(e) } satisfies PpocrWorkerResponse);
    },
  );
});
