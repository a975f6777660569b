import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerRequest, WorkerResponse } from './workerProtocol';
import { handleWorkerRequest } from './workerHandlers';

/** Runs worker requests on a pool of threads, or inline when no worker script is available. */
export interface TaskRunner {
  run(request: WorkerRequest): Promise<WorkerResponse>;
  /** Threads in use (0 means inline). */
  readonly size: number;
  close(): Promise<void>;
}

interface Slot {
  worker: Worker;
  busy: number;
  pending: Map<number, (r: WorkerResponse) => void>;
}

/** The bundled worker script beside the bundled entry point (dist/main/worker.js), if it exists. */
export function bundledWorkerPath(): string | undefined {
  const url = new URL('./worker.js', import.meta.url);
  if (url.protocol !== 'file:') return undefined;
  const path = fileURLToPath(url);
  return existsSync(path) ? path : undefined;
}

/**
 * Creates a pool of `size` worker threads running `script`, dispatching each request to the
 * least-loaded worker. With `size` 0 or no script, requests run inline on this thread.
 */
export function createTaskRunner(size: number, script: string | undefined = bundledWorkerPath()): TaskRunner {
  if (size <= 0 || !script) {
    return { size: 0, run: async (req) => handleWorkerRequest(req), close: async () => {} };
  }
  let nextId = 1;
  const slots: Slot[] = [];
  for (let i = 0; i < size; i++) {
    const worker = new Worker(script);
    const slot: Slot = { worker, busy: 0, pending: new Map() };
    worker.on('message', (msg: { id: number; response: WorkerResponse }) => {
      const resolve = slot.pending.get(msg.id);
      slot.pending.delete(msg.id);
      slot.busy--;
      resolve?.(msg.response);
    });
    worker.on('error', (e) => {
      for (const resolve of slot.pending.values()) resolve({ kind: 'error', message: `worker crashed: ${e.message}` });
      slot.pending.clear();
      slot.busy = 0;
    });
    slots.push(slot);
  }
  return {
    size,
    run(request) {
      const slot = slots.reduce((a, b) => (b.busy < a.busy ? b : a));
      const id = nextId++;
      slot.busy++;
      return new Promise((resolve) => {
        slot.pending.set(id, resolve);
        slot.worker.postMessage({ id, request });
      });
    },
    async close() {
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
