/**
 * A fixed number of OCR engine slots behind one queue: engines start lazily, a job goes to an idle
 * slot that already has a warm engine before a cold one is started, interactive jobs jump batch
 * jobs, and an engine is replaced after `recycleAfter` jobs because tesseract.js workers grow their
 * WASM heap and never give it back (tesseract.js issues #977, #1045).
 */
import os from 'node:os';
import type { Gray8Image } from './grayImage';
import { OcrAbortError, OcrError } from './ocrErrors';
import type { OcrEngine, OcrWord, TesseractEngineOptions } from './tesseractEngine';
import { createTesseractEngine } from './tesseractEngine';

/**
 * `interactive` (the image under review) is served before any queued `batch` job, and `batch`
 * before `background` (reads nothing waits on, such as a cine's grey-view samples).
 */
export type OcrPriority = 'interactive' | 'batch' | 'background';

/** Knobs for `createOcrPool`. */
interface OcrPoolOptions {
  /** Maximum engines running at once; default `os.availableParallelism()`. */
  size?: number;
  /** Jobs an engine runs before it is terminated and replaced; default 200. */
  recycleAfter?: number;
  /** A job running longer than this is failed with `OCR_TIMEOUT` and its engine replaced; default none. */
  jobTimeoutMs?: number;
  /** An engine idle this long is terminated (a new one starts on demand); default 60 s, 0 = never. */
  idleTimeoutMs?: number;
  /** Options for the default tesseract engines. */
  engine?: TesseractEngineOptions;
  /** Engine factory; defaults to tesseract. Tests substitute scripted engines. */
  createEngine?: () => Promise<OcrEngine>;
}

/** Counters for monitoring and tests. */
interface OcrPoolStats {
  /** Slots holding a started (or starting) engine. */
  engines: number;
  running: number;
  queued: number;
  enginesStarted: number;
  jobsCompleted: number;
}

/** A pool of OCR engines. */
export interface OcrPool {
  /**
   * Reads the words of `image` (boxes in its own pixel coordinates). Aborting `signal` rejects the
   * job with `OcrAbortError`: a queued job is dropped; a running one has its engine terminated
   * (a fresh one starts lazily).
   */
  recognize(image: Gray8Image, signal?: AbortSignal, priority?: OcrPriority): Promise<OcrWord[]>;
  stats(): OcrPoolStats;
  /** Rejects queued and running jobs with `OCR_CLOSED` and terminates every engine. */
  close(): Promise<void>;
}

interface Job {
  image: Gray8Image;
  resolve: (words: OcrWord[]) => void;
  reject: (e: Error) => void;
  settled: boolean;
  /** `starting` while its slot's engine is still loading the model. */
  phase: 'queued' | 'starting' | 'recognizing';
  cleanup: () => void;
}

interface Slot {
  engine: Promise<OcrEngine> | null;
  jobsOnEngine: number;
  running: Job | null;
  /** Bumped when a running job is abandoned, so its late completion is ignored. */
  generation: number;
  idleTimer: NodeJS.Timeout | null;
}

/** Creates the pool; no engine starts until the first job arrives. */
export function createOcrPool(opts: OcrPoolOptions = {}): OcrPool {
  const size = Math.max(1, opts.size ?? os.availableParallelism());
  const recycleAfter = Math.max(1, opts.recycleAfter ?? 200);
  const idleTimeoutMs = opts.idleTimeoutMs ?? 60_000;
  const startEngine = opts.createEngine ?? (() => createTesseractEngine(opts.engine));
  const slots: Slot[] = Array.from({ length: size }, () => ({ engine: null, jobsOnEngine: 0, running: null, generation: 0, idleTimer: null }));
  const queues: Record<OcrPriority, Job[]> = { interactive: [], batch: [], background: [] };
  let closed = false;
  let enginesStarted = 0;
  let jobsCompleted = 0;

  const settle = (job: Job, outcome: { words: OcrWord[] } | { error: Error }): void => {
    if (job.settled) return;
    job.settled = true;
    job.cleanup();
    if ('words' in outcome) job.resolve(outcome.words);
    else job.reject(outcome.error);
  };

  const retire = (slot: Slot): void => {
    const engine = slot.engine;
    slot.engine = null;
    slot.jobsOnEngine = 0;
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
    // A failed start has nothing to terminate; a terminate failure leaves nothing to clean either.
    engine?.then((e) => e.terminate()).catch(() => {});
  };

  /**
   * Frees a slot whose running job was abandoned (abort, timeout); its late result is ignored. An
   * engine busy recognising is terminated, since that is the only way to stop it; one that is
   * still starting is kept for the next job.
   */
  const abandon = (slot: Slot, job: Job): void => {
    slot.generation++;
    slot.running = null;
    if (job.phase === 'recognizing') retire(slot);
    pump();
  };

  const armIdleTimer = (slot: Slot): void => {
    if (idleTimeoutMs <= 0 || !slot.engine) return;
    slot.idleTimer = setTimeout(() => {
      slot.idleTimer = null;
      if (!slot.running) retire(slot);
    }, idleTimeoutMs);
    slot.idleTimer.unref();
  };

  const nextJob = (): Job | undefined => queues.interactive.shift() ?? queues.batch.shift() ?? queues.background.shift();

  const pump = (): void => {
    while (!closed && (queues.interactive.length > 0 || queues.batch.length > 0 || queues.background.length > 0)) {
      const idle = slots.filter((s) => !s.running);
      if (idle.length === 0) return;
      // Least loaded = idle; among idle slots a warm engine beats starting a new one.
      const slot = idle.find((s) => s.engine) ?? idle[0];
      const job = nextJob();
      if (!job) return;
      void run(slot, job);
    }
  };

  const run = async (slot: Slot, job: Job): Promise<void> => {
    slot.running = job;
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
    const generation = slot.generation;
    const current = () => slot.generation === generation;
    let timer: NodeJS.Timeout | null = null;
    if (opts.jobTimeoutMs !== undefined) {
      timer = setTimeout(() => {
        if (!current() || job.settled) return;
        settle(job, { error: new OcrError('OCR_TIMEOUT', `OCR job took longer than ${opts.jobTimeoutMs} ms`) });
        abandon(slot, job);
      }, opts.jobTimeoutMs);
    }
    try {
      job.phase = 'starting';
      if (!slot.engine) {
        slot.engine = startEngine();
        slot.jobsOnEngine = 0;
        enginesStarted++;
      }
      const engine = await slot.engine;
      if (!current() || job.settled) return;
      job.phase = 'recognizing';
      const words = await engine.recognize(job.image);
      if (!current()) return;
      jobsCompleted++;
      slot.jobsOnEngine++;
      settle(job, { words });
      if (slot.jobsOnEngine >= recycleAfter) retire(slot);
    } catch (e) {
      if (!current()) return;
      const error = e instanceof Error ? e : new OcrError('OCR_FAILED', String(e));
      settle(job, { error });
      // After a failure the WASM core may be in any state: start afresh.
      retire(slot);
    } finally {
      if (timer) clearTimeout(timer);
      if (current()) {
        slot.running = null;
        armIdleTimer(slot);
        pump();
      }
    }
  };

  return {
    recognize(image: Gray8Image, signal?: AbortSignal, priority: OcrPriority = 'batch'): Promise<OcrWord[]> {
      if (closed) return Promise.reject(new OcrError('OCR_CLOSED', 'OCR pool is closed'));
      if (signal?.aborted) return Promise.reject(new OcrAbortError(signal.reason));
      return new Promise<OcrWord[]>((resolve, reject) => {
        const job: Job = { image, resolve, reject, settled: false, phase: 'queued', cleanup: () => {} };
        if (signal) {
          const onAbort = (): void => {
            const queue = queues[priority];
            const queued = queue.indexOf(job);
            if (queued >= 0) queue.splice(queued, 1);
            const slot = slots.find((s) => s.running === job);
            settle(job, { error: new OcrAbortError(signal.reason) });
            if (slot) abandon(slot, job);
          };
          signal.addEventListener('abort', onAbort, { once: true });
          job.cleanup = () => signal.removeEventListener('abort', onAbort);
        }
        queues[priority].push(job);
        pump();
      });
    },
    stats(): OcrPoolStats {
      return {
        engines: slots.filter((s) => s.engine).length,
        running: slots.filter((s) => s.running).length,
        queued: queues.interactive.length + queues.batch.length + queues.background.length,
        enginesStarted,
        jobsCompleted,
      };
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      const error = new OcrError('OCR_CLOSED', 'OCR pool is closed');
      for (const job of [...queues.interactive.splice(0), ...queues.batch.splice(0), ...queues.background.splice(0)]) settle(job, { error });
      const engines: Promise<OcrEngine>[] = [];
      for (const slot of slots) {
        if (slot.running) settle(slot.running, { error });
        slot.generation++;
        slot.running = null;
        if (slot.idleTimer) clearTimeout(slot.idleTimer);
        slot.idleTimer = null;
        if (slot.engine) engines.push(slot.engine);
        slot.engine = null;
      }
      await Promise.allSettled(engines.map(async (p) => (await p).terminate()));
    },
  };
}
