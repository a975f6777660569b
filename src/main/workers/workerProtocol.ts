import type { DeidFileResult, DeidFileTask } from '../deid/deidentifyFile';
import type { FileRow } from '../dicom/indexRow';

/** A request a worker thread serves: plain data only. */
export type WorkerRequest =
  | { kind: 'deidentify'; task: DeidFileTask }
  | { kind: 'readHeader'; path: string; size: number; mtimeMs: number };

/** A worker's answer. */
export type WorkerResponse =
  | { kind: 'deidentify'; result: DeidFileResult }
  | { kind: 'readHeader'; row: FileRow }
  | { kind: 'error'; message: string };
