/**
 * Test support: a stand-in for the PP-OCR worker (run by Node's own type stripping, so only
 * erasable syntax and type-only imports). A job on an image 13 pixels wide kills the thread
 * (`process.exit(3)`); any other detection finds nothing.
 */
import { parentPort } from 'node:worker_threads';
import type { PpocrWorkerRequest, PpocrWorkerResponse } from '../../src/main/ocr/ppocr/ppocrProtocol';

parentPort?.on('message', (msg: PpocrWorkerRequest) => {
  if (msg.job.image.width === 13) process.exit(3);
  const response: PpocrWorkerResponse = { id: msg.id, ok: true, value: [] };
  setTimeout(() => parentPort?.postMessage(response), 20);
});
