import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { WorkerRequest, WorkerResponse } from './workerProtocol';
import { limitNamed, limits } from '../dicom/limits';

/** A request posted to a worker thread, waiting for its answer. */
export interface InFlight {
  request: WorkerRequest;
  resolve: (response: WorkerResponse) => void;
}

/**
 * One worker thread and the requests it holds. Node drops `postMessage` to an exited worker
 * without a word, so the thread watches both `error` (an uncaught exception, running out of heap)
 * and `exit` (`process.exit`, a native crash, `terminate`), and on the first of them hands every
 * request it held to `onDeath`: none is left waiting for an answer that will never come.
 */
export class WorkerThread {
  private readonly worker: Worker;
  private readonly inFlight = new Map<number, InFlight>();
  private nextId = 1;
  private dead = false;
  /** Why this thread was stopped on purpose (a file over its time budget), reported instead of the exit code. */
  private stopReason: string | undefined;
  private readonly timers = new Map<number, NodeJS.Timeout>();

  constructor(script: string, resourceLimits: ResourceLimits, onDeath: (reason: string, orphans: InFlight[]) => void) {
    this.worker = new Worker(script, { resourceLimits });
    this.worker.on('message', (msg: { id: number; response: WorkerResponse }) => {
      const entry = this.inFlight.get(msg.id);
      this.inFlight.delete(msg.id);
      clearTimeout(this.timers.get(msg.id));
      this.timers.delete(msg.id);
      entry?.resolve(msg.response);
    });
    const die = (reason: string): void => {
      if (this.dead) return;
      this.dead = true;
      for (const t of this.timers.values()) clearTimeout(t);
      this.timers.clear();
      const orphans = [...this.inFlight.values()];
      this.inFlight.clear();
      onDeath(this.stopReason ?? reason, orphans);
    };
    // 'error' comes before the 'exit' that always follows it, and carries the better reason.
    this.worker.on('error', (e: Error) => die(e.message));
    this.worker.on('exit', (code: number) => die(`exited with code ${code}`));
  }

  /** False once the thread has failed or exited: it must get no more requests. */
  get alive(): boolean {
    return !this.dead;
  }

  /** Requests posted and not yet answered. */
  get load(): number {
    return this.inFlight.size;
  }

  /**
   * Posts a request; its answer (or the thread's death) settles `entry`. A request still unanswered
   * after the `fileSeconds` limit stops the thread: a file that loops or crawls must not hold a
   * run forever, and the pool's retry-alone rule then finds which file it was.
   */
  post(entry: InFlight): void {
    const id = this.nextId++;
    this.inFlight.set(id, entry);
    const seconds = limits().fileSeconds;
    const timer = setTimeout(() => {
      this.stopReason ??= `a file took longer than ${seconds} s: ${limitNamed('fileSeconds', seconds)}`;
      void this.worker.terminate();
    }, seconds * 1000);
    timer.unref();
    this.timers.set(id, timer);
    this.worker.postMessage({ id, request: entry.request });
  }

  /** Stops the thread; requests it still holds go to `onDeath` like any other death. */
  async terminate(): Promise<void> {
    await this.worker.terminate();
  }
}
