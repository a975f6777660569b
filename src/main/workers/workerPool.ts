import { existsSync } from 'node:fs';
import { totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { ResourceLimits } from 'node:worker_threads';
import type { WorkerRequest, WorkerResponse } from './workerProtocol';
import { handleWorkerRequest } from './workerHandlers';
import { WorkerThread, type InFlight } from './workerThread';

/** Runs worker requests on a pool of threads, or inline when no worker script is available. */
export interface TaskRunner {
  /** Never rejects: a request whose worker crashed is answered with `{ kind: 'error' }`. */
  run(request: WorkerRequest): Promise<WorkerResponse>;
  /** Threads in use (0 means inline). */
  readonly size: number;
  close(): Promise<void>;
}

/** Options of {@link createTaskRunner}. */
interface TaskRunnerOptions {
  /** The worker script; default: the bundled one ({@link bundledWorkerPath}). */
  script?: string;
  /** V8 limits of each worker thread; default: {@link defaultResourceLimits}. */
  resourceLimits?: ResourceLimits;
}

/** The environment variable that lowers (or raises) each worker's heap, in MB. */
const WORKER_HEAP_ENV = 'DEID_STUDIO_WORKER_HEAP_MB';

/** The bundled worker script beside the bundled entry point (dist/main/worker.js), if it exists. */
function bundledWorkerPath(): string | undefined {
  const url = new URL('./worker.js', import.meta.url);
  if (url.protocol !== 'file:') return undefined;
  const path = fileURLToPath(url);
  return existsSync(path) ? path : undefined;
}

/**
 * Each worker's old-generation heap: `$DEID_STUDIO_WORKER_HEAP_MB` when set, else what V8 gives a
 * main thread (a quarter of physical memory, at most 4 GB), stated so it can be lowered. A file
 * that needs more kills only its worker, and is reported failed "worker crashed: ... out of memory".
 */
export function defaultResourceLimits(env: NodeJS.ProcessEnv = process.env): ResourceLimits {
  const given = env[WORKER_HEAP_ENV];
  if (given !== undefined && given !== '') {
    const mb = Number(given);
    if (!Number.isInteger(mb) || mb < 16) throw new RangeError(`${WORKER_HEAP_ENV} must be a whole number of megabytes, at least 16 (got "${given}")`);
    return { maxOldGenerationSizeMb: mb };
  }
  return { maxOldGenerationSizeMb: Math.min(4096, Math.max(256, Math.floor(totalmem() / 4 / 2 ** 20))) };
}

/**
 * Creates a pool of `size` worker threads, dispatching each request to the least-loaded live
 * worker (in the manner of cornerstone3D's webWorkerManager, which checks a worker before each
 * task). With `size` 0 or no script, requests run inline on this thread.
 *
 * A crash blames no one else: a dead worker is replaced by a fresh one before its slot takes
 * another request, and each request it held is retried once, alone, on a fresh worker
 * of its own (one such retry at a time). A request that kills its worker while running alone is
 * answered `{ kind: 'error', message: 'worker crashed: <reason>' }`.
 */
export function createTaskRunner(size: number, options: TaskRunnerOptions = {}): TaskRunner {
  const script = options.script ?? bundledWorkerPath();
  if (size <= 0 || !script) {
    return { size: 0, run: async (req) => handleWorkerRequest(req), close: async () => {} };
  }
  const limits = options.resourceLimits ?? defaultResourceLimits();
  let closed = false;
  const closedAnswer = (): WorkerResponse => ({ kind: 'error', message: 'worker pool closed before the request was answered' });

  // Retries run one at a time, each on a worker of its own that is stopped after it.
  let retries: Promise<void> = Promise.resolve();
  let retryThread: WorkerThread | undefined;
  const retryAlone = (entry: InFlight): void => {
    retries = retries.then(
      () =>
        new Promise<void>((done) => {
          if (closed) {
            entry.resolve(closedAnswer());
            done();
            return;
          }
          const thread = new WorkerThread(script, limits, (reason, orphans) => {
            for (const o of orphans) o.resolve(closed ? closedAnswer() : { kind: 'error', message: `worker crashed: ${reason}` });
            retryThread = undefined;
            done();
          });
          retryThread = thread;
          thread.post({
            request: entry.request,
            resolve: (response) => {
              entry.resolve(response);
              // Its exit settles this retry (with no orphans), so the next one starts after it.
              void thread.terminate();
            },
          });
        }),
    );
  };

  // A dead worker stays in its slot until the next request replaces it: refilling on death would
  // spin when a worker cannot even start (a broken script, a heap too small to load it).
  const spawn = (): WorkerThread =>
    new WorkerThread(script, limits, (_reason, orphans) => {
      for (const o of orphans) {
        if (closed) o.resolve(closedAnswer());
        else retryAlone(o);
      }
    });
  const slots = Array.from({ length: size }, spawn);

  return {
    size,
    run(request) {
      if (closed) return Promise.resolve(closedAnswer());
      return new Promise((resolve) => {
        let best = -1;
        for (let i = 0; i < slots.length; i++) {
          // Never dispatch to a dead worker (Node would drop the message): replace it first.
          if (!slots[i].alive) slots[i] = spawn();
          if (best < 0 || slots[i].load < slots[best].load) best = i;
        }
        slots[best].post({ request, resolve });
      });
    },
    async close() {
      closed = true;
      const threads = [...slots, ...(retryThread ? [retryThread] : [])];
      await Promise.all(threads.map((t) => t.terminate()));
      await retries;
    },
  };
}
