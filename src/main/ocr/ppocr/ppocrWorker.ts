// Worker thread entry (bundled to dist/main/ppocr-worker.js): one PP-OCR core, one job at a time.
import { parentPort, workerData } from 'node:worker_threads';
import { OcrError } from '../ocrErrors';
import { runPpocrJob } from './ppocrJob';
import { PpocrCore } from './ppocrCore';
import type { PpocrWorkerClose, PpocrWorkerData, PpocrWorkerRequest, PpocrWorkerResponse } from './ppocrProtocol';

// A core that cannot start (a model missing) answers every job with why, rather than crashing
// the thread: the caller gets OCR_ENGINE_START, not a bare exit.
let core: PpocrCore | OcrError;
try {
  core = new PpocrCore(workerData as PpocrWorkerData);
} catch (e) {
  core = e instanceof OcrError ? e : new OcrError('OCR_ENGINE_START', `PP-OCR engine could not start: ${String(e)}`, { cause: e });
}

/** The job being run, settled or not (a close waits for it). */
let inFlight: Promise<unknown> = Promise.resolve();

// The pool posts a job only after the previous answer, so jobs never overlap here.
parentPort?.on('message', (msg: PpocrWorkerRequest | PpocrWorkerClose) => {
  if ('close' in msg) {
    // Sessions released here, on their own thread: a thread terminated while it holds them can
    // abort the whole process in ONNX Runtime's destructors.
    // After the job in flight: releasing a session while it runs is what must not happen.
    const started = core;
    const released = inFlight.then(() => (started instanceof OcrError ? undefined : started.close()));
    void released.catch(() => {}).then(() => parentPort?.postMessage({ closed: true } satisfies PpocrWorkerResponse));
    return;
  }
  const started = core;
  const answer = started instanceof OcrError ? Promise.reject(started) : runPpocrJob(started, msg.job);
  inFlight = answer.catch(() => {});
  void answer.then(
    (value) => parentPort?.postMessage({ id: msg.id, ok: true, value } satisfies PpocrWorkerResponse),
    (e: unknown) => {
      const code = e instanceof OcrError ? e.code : 'OCR_FAILED';
      parentPort?.postMessage({ id: msg.id, ok: false, code, message: e instanceof Error ? e.message : String(e) } satisfies PpocrWorkerResponse);
    },
  );
});
