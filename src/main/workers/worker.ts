// Worker thread entry (bundled to dist/main/worker.js): serves requests from the pool.
import { parentPort } from 'node:worker_threads';
import type { WorkerRequest } from './workerProtocol';
import { handleWorkerRequest } from './workerHandlers';

parentPort?.on('message', (msg: { id: number; request: WorkerRequest }) => {
  void handleWorkerRequest(msg.request).then((response) => parentPort?.postMessage({ id: msg.id, response }));
});
