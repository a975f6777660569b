/** The messages between the PP-OCR pool and its worker threads (ppocrWorker.ts). */
import type { DetectedRegion, RecognizedLine, TextImage } from '../textEngines';
import type { CoreDetectOptions, CoreLineRequest, PpocrCoreOptions } from './ppocrCore';

/** One job for an engine: detection of a whole image, or reading regions of it. */
export type PpocrJob =
  | { op: 'detect'; image: TextImage; options: CoreDetectOptions }
  | { op: 'recognize'; image: TextImage; requests: CoreLineRequest[] };

/** A job posted to a worker. */
export interface PpocrWorkerRequest {
  id: number;
  job: PpocrJob;
}

/** Asks a worker to release its ONNX Runtime sessions before it is terminated. */
export interface PpocrWorkerClose {
  close: true;
}

/** A worker's answer: the job's value, or the code and message of the error it threw. */
export type PpocrWorkerResponse =
  | { id: number; ok: true; value: DetectedRegion[] | RecognizedLine[] }
  | { id: number; ok: false; code: string; message: string }
  /** The sessions are released: the thread can be terminated. */
  | { closed: true };

/** What a worker is started with (its `workerData`). */
export type PpocrWorkerData = Pick<PpocrCoreOptions, 'models' | 'threads' | 'db'>;
