/**
 * Where a PP-OCR job runs: on a worker thread of its own (`WorkerBackend`), or on the calling
 * thread (`InlineBackend`). Both run one job at a time.
 */
import { Worker } from 'node:worker_threads';
import { isOcrErrorCode, OcrError } from '../ocrErrors';
import type { DetectedRegion, RecognizedLine } from '../textEngines';
import { PpocrCore } from './ppocrCore';
import { runPpocrJob } from './ppocrJob';
import type { PpocrJob, PpocrWorkerData, PpocrWorkerResponse } from './ppocrProtocol';

/** One engine that runs one job at a time. */
export interface PpocrBackend {
  run(job: PpocrJob, signal?: AbortSignal): Promise<DetectedRegion[] | RecognizedLine[]>;
  /** False once the engine has crashed or been terminated: it must get no more jobs. */
  readonly alive: boolean;
  /** Stops the engine; a job in flight is rejected with `OCR_CLOSED`. */
  terminate(): Promise<void>;
}

type Value = DetectedRegion[] | RecognizedLine[];

/**
 * A worker thread holding one PP-OCR core. Node drops `postMessage` to an exited worker without a
 * word, so `error` and `exit` both fail the job in flight and mark the backend dead.
 */
export class WorkerBackend implements PpocrBackend {
  private readonly worker: Worker;
  private pending: { id: number; resolve: (v: Value) => void; reject: (e: Error) => void } | null = null;
  private nextId = 1;
  private dead = false;
  private terminated = false;

  constructor(script: string, data: PpocrWorkerData) {
    this.worker = new Worker(script, { workerData: data });
    this.worker.on('message', (msg: PpocrWorkerResponse) => {
      if ('closed' in msg) return;
      const pending = this.pending;
      if (!pending || pending.id !== msg.id) return;
      this.pending = null;
      if (msg.ok) pending.resolve(msg.value);
      else pending.reject(new OcrError(isOcrErrorCode(msg.code) ? msg.code : 'OCR_FAILED', msg.message));
    });
    const die = (error: OcrError): void => {
      this.dead = true;
      const pending = this.pending;
      this.pending = null;
      pending?.reject(error);
    };
    // 'error' comes before the 'exit' that follows it, and carries the better reason.
    this.worker.on('error', (e: Error) => die(new OcrError('OCR_ENGINE_CRASHED', `PP-OCR worker crashed: ${e.message}`, { cause: e })));
    this.worker.on('exit', (code: number) =>
      die(this.terminated ? new OcrError('OCR_CLOSED', 'PP-OCR worker was terminated') : new OcrError('OCR_ENGINE_CRASHED', `PP-OCR worker exited with code ${code}`)),
    );
  }

  get alive(): boolean {
    return !this.dead;
  }

  run(job: PpocrJob): Promise<Value> {
    if (this.dead) return Promise.reject(new OcrError('OCR_ENGINE_CRASHED', 'PP-OCR worker is not running'));
    if (this.pending) return Promise.reject(new OcrError('OCR_FAILED', 'PP-OCR worker is busy'));
    return new Promise<Value>((resolve, reject) => {
      const id = this.nextId++;
      this.pending = { id, resolve, reject };
      this.worker.postMessage({ id, job });
    });
  }

  async terminate(): Promise<void> {
    const wasAlive = !this.dead;
    this.terminated = true;
    this.dead = true;
    const pending = this.pending;
    this.pending = null;
    pending?.reject(new OcrError('OCR_CLOSED', 'PP-OCR worker was terminated'));
    // Let the thread release its sessions first (after the job in flight, if any), for a while.
    if (wasAlive) await releaseSessions(this.worker, RELEASE_WAIT_MS);
    await this.worker.terminate();
  }
}

/**
 * How long a closing engine waits for a worker to release its sessions before terminating it
 * anyway. The wait covers the job in flight: a thread terminated inside an ONNX Runtime run aborts
 * the whole process ("terminate called after throwing an instance of 'Napi::Error'"), and a large
 * detection on a loaded machine takes more than the 5 s this once was (a CI run aborted so).
 */
const RELEASE_WAIT_MS = 60_000;

function releaseSessions(worker: Worker, waitMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('exit', done);
      resolve();
    };
    const onMessage = (msg: PpocrWorkerResponse): void => {
      if ('closed' in msg) done();
    };
    const timer = setTimeout(done, waitMs);
    worker.on('message', onMessage);
    worker.once('exit', done);
    worker.postMessage({ close: true });
  });
}

/** A PP-OCR core on the calling thread (its sessions still run on ONNX Runtime's own threads). */
export class InlineBackend implements PpocrBackend {
  private readonly core: PpocrCore;
  private dead = false;

  constructor(data: PpocrWorkerData) {
    this.core = new PpocrCore(data);
  }

  get alive(): boolean {
    return !this.dead;
  }

  run(job: PpocrJob, signal?: AbortSignal): Promise<Value> {
    if (this.dead) return Promise.reject(new OcrError('OCR_CLOSED', 'PP-OCR engine is closed'));
    return runPpocrJob(this.core, job, signal);
  }

  async terminate(): Promise<void> {
    this.dead = true;
    await this.core.close();
  }
}
