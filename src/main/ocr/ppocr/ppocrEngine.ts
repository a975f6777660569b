/**
 * The PP-OCR engine: PaddleOCR PP-OCRv4 detection and recognition (ONNX Runtime) behind the
 * `TextDetector` and `LineRecognizer` interfaces, on a pool that sizes itself to the cores.
 *
 * Each slot is a worker thread with its own sessions, each session pinned to one ONNX Runtime
 * thread, so two slots never fight over one core and the calling thread stays free (ONNX Runtime's
 * Node binding runs a session synchronously on the thread that calls it). Jobs wait in one queue,
 * interactive before batch before background; a slot with a warm worker is preferred; a worker is
 * checked before each job and replaced when it has died. `execution: 'inline'` runs one core on the
 * calling thread instead, with ONNX Runtime using `size` threads per run (measured against the
 * workers in src/main/ocr/README.md).
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Box } from '../grayImage';
import { OcrAbortError, OcrError } from '../ocrErrors';
import type { OcrPriority } from '../tesseractPool';
import type { DetectedRegion, DetectOptions, LineRecognizer, RecognizedLine, RecognizeOptions, TextDetector, TextEnginePoolOptions, TextImage } from '../textEngines';
import { defaultRotations } from '../textEngines';
import { checkTextImage } from '../textImage';
import { InlineBackend, WorkerBackend, type PpocrBackend } from './ppocrBackends';
import type { DbOptions } from './dbPostprocess';
import type { PpocrModelPaths } from './ppocrModels';
import type { PpocrJob } from './ppocrProtocol';

/** Knobs of `createPpocrEngine`. */
interface PpocrEngineOptions extends TextEnginePoolOptions {
  /** `workers` (default when the worker script exists): one worker thread per slot; `inline`: the calling thread. */
  execution?: 'workers' | 'inline';
  /** The bundled worker script; default dist/main/ppocr-worker.js beside this module. */
  workerScript?: string;
  models?: PpocrModelPaths;
  db?: Partial<DbOptions>;
  /** A worker idle this long is stopped (a new one starts on demand); default 60 s, 0 = never. */
  idleTimeoutMs?: number;
}

/** PP-OCR detection and recognition on one pool. */
export interface PpocrEngine extends TextDetector, LineRecognizer {
  /** Slots holding a started engine, jobs running and queued: for monitoring and tests. */
  stats(): { engines: number; running: number; queued: number; enginesStarted: number };
}

interface Job {
  job: PpocrJob;
  signal?: AbortSignal;
  resolve: (value: DetectedRegion[] | RecognizedLine[]) => void;
  reject: (e: Error) => void;
  settled: boolean;
  cleanup: () => void;
}

interface Slot {
  backend: PpocrBackend | null;
  running: Job | null;
  idleTimer: NodeJS.Timeout | null;
}

/** The worker script beside the bundled module (dist/main/ppocr-worker.js), if it exists. */
function bundledWorkerScript(): string | undefined {
  const url = new URL('./ppocr-worker.js', import.meta.url);
  if (url.protocol !== 'file:') return undefined;
  const file = fileURLToPath(url);
  return existsSync(file) ? file : undefined;
}

/** Creates the engine; no session loads until the first job arrives. */
export function createPpocrEngine(opts: PpocrEngineOptions = {}): PpocrEngine {
  const cores = Math.max(1, opts.size ?? os.availableParallelism());
  const script = opts.workerScript ?? bundledWorkerScript();
  const inline = opts.execution === 'inline' || script === undefined;
  const idleTimeoutMs = opts.idleTimeoutMs ?? 60_000;
  const slots: Slot[] = Array.from({ length: inline ? 1 : cores }, () => ({ backend: null, running: null, idleTimer: null }));
  const startBackend = (): PpocrBackend => {
    try {
      return inline ? new InlineBackend({ models: opts.models, db: opts.db, threads: cores }) : new WorkerBackend(path.resolve(script as string), { models: opts.models, db: opts.db, threads: 1 });
    } catch (cause) {
      throw cause instanceof OcrError ? cause : new OcrError('OCR_ENGINE_START', `PP-OCR engine could not start: ${String(cause)}`, { cause });
    }
  };
  const queues: Record<OcrPriority, Job[]> = { interactive: [], batch: [], background: [] };
  let closed = false;
  let enginesStarted = 0;

  const settle = (job: Job, outcome: { value: DetectedRegion[] | RecognizedLine[] } | { error: Error }): void => {
    if (job.settled) return;
    job.settled = true;
    job.cleanup();
    if ('value' in outcome) job.resolve(outcome.value);
    else job.reject(outcome.error);
  };

  const retire = (slot: Slot): void => {
    const backend = slot.backend;
    slot.backend = null;
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
    backend?.terminate().catch(() => {});
  };

  const armIdleTimer = (slot: Slot): void => {
    if (idleTimeoutMs <= 0 || !slot.backend) return;
    slot.idleTimer = setTimeout(() => {
      slot.idleTimer = null;
      if (!slot.running) retire(slot);
    }, idleTimeoutMs);
    slot.idleTimer.unref();
  };

  const pump = (): void => {
    while (!closed) {
      const idle = slots.filter((s) => !s.running);
      if (idle.length === 0) return;
      const job = queues.interactive.shift() ?? queues.batch.shift() ?? queues.background.shift();
      if (!job) return;
      void run(idle.find((s) => s.backend?.alive) ?? idle[0], job);
    }
  };

  const run = async (slot: Slot, job: Job): Promise<void> => {
    slot.running = job;
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
    let backend: PpocrBackend | null = null;
    try {
      // Checked before each job: a worker that died since its last job is replaced, not posted to.
      if (!slot.backend?.alive) {
        if (slot.backend) retire(slot);
        slot.backend = startBackend();
        enginesStarted++;
      }
      backend = slot.backend;
      settle(job, { value: await backend.run(job.job, job.signal) });
    } catch (e) {
      settle(job, { error: e instanceof Error ? e : new OcrError('OCR_FAILED', String(e)) });
      // A crashed or start-failed engine is replaced for the next job; a refused image is not its
      // fault. An aborted job's slot may already hold the next job's engine: leave that one be.
      if (slot.backend === backend && !(e instanceof OcrError && e.code === 'OCR_BAD_INPUT')) retire(slot);
    } finally {
      if (slot.running === job) {
        slot.running = null;
        armIdleTimer(slot);
      }
      pump();
    }
  };

  const submit = (job: PpocrJob, signal: AbortSignal | undefined, priority: OcrPriority = 'batch'): Promise<DetectedRegion[] | RecognizedLine[]> => {
    if (closed) return Promise.reject(new OcrError('OCR_CLOSED', 'PP-OCR engine is closed'));
    if (signal?.aborted) return Promise.reject(new OcrAbortError(signal.reason));
    try {
      checkTextImage(job.image);
    } catch (e) {
      return Promise.reject(e);
    }
    return new Promise((resolve, reject) => {
      const entry: Job = { job, signal, resolve, reject, settled: false, cleanup: () => {} };
      if (signal) {
        const onAbort = (): void => {
          const queue = queues[priority];
          const queued = queue.indexOf(entry);
          if (queued >= 0) queue.splice(queued, 1);
          settle(entry, { error: new OcrAbortError(signal.reason) });
          // A worker busy on the job can only be stopped by stopping it; a fresh one starts on demand.
          const slot = slots.find((s) => s.running === entry);
          if (slot && !inline) {
            slot.running = null;
            retire(slot);
            pump();
          }
        };
        signal.addEventListener('abort', onAbort, { once: true });
        entry.cleanup = () => signal.removeEventListener('abort', onAbort);
      }
      queues[priority].push(entry);
      pump();
    });
  };

  const recognizeMany = async (image: TextImage, boxes: readonly (Box | DetectedRegion)[], options: RecognizeOptions = {}): Promise<RecognizedLine[]> => {
    if (boxes.length === 0) return [];
    const requests = boxes.map((box) => ({ box: { x: box.x, y: box.y, w: box.w, h: box.h }, rotations: options.rotations ?? defaultRotations(box) }));
    return (await submit({ op: 'recognize', image, requests }, options.signal, options.priority)) as RecognizedLine[];
  };

  return {
    engine: 'ppocr',
    async detect(image: TextImage, options: DetectOptions = {}): Promise<DetectedRegion[]> {
      const job: PpocrJob = { op: 'detect', image, options: { maxSide: options.maxSide, textHeight: options.textHeight } };
      return (await submit(job, options.signal, options.priority)) as DetectedRegion[];
    },
    async recognize(image: TextImage, box: Box | DetectedRegion, options: RecognizeOptions = {}): Promise<RecognizedLine> {
      const [line] = await recognizeMany(image, [box], options);
      return line;
    },
    recognizeMany,
    stats() {
      return {
        engines: slots.filter((s) => s.backend).length,
        running: slots.filter((s) => s.running).length,
        queued: queues.interactive.length + queues.batch.length + queues.background.length,
        enginesStarted,
      };
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      const error = new OcrError('OCR_CLOSED', 'PP-OCR engine is closed');
      for (const job of [...queues.interactive.splice(0), ...queues.batch.splice(0), ...queues.background.splice(0)]) settle(job, { error });
      const stopping: Promise<void>[] = [];
      for (const slot of slots) {
        if (slot.running) settle(slot.running, { error });
        slot.running = null;
        if (slot.idleTimer) clearTimeout(slot.idleTimer);
        slot.idleTimer = null;
        if (slot.backend) stopping.push(slot.backend.terminate().catch(() => {}));
        slot.backend = null;
      }
      await Promise.all(stopping);
    },
  };
}
