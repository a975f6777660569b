import type { DeidFileResult, DeidFileTask } from '../deid/deidentifyFile';
import type { FileRow } from '../dicom/indexRow';
import type { ViewerRequest, ViewerResponse } from './viewerProtocol';

/** A request a worker thread serves: plain data only. */
export type WorkerRequest =
  | { kind: 'deidentify'; task: DeidFileTask }
  | { kind: 'readHeader'; path: string; size: number; mtimeMs: number }
  | ViewerRequest;

/** A worker's answer. */
export type WorkerResponse =
  | { kind: 'deidentify'; result: DeidFileResult }
  | { kind: 'readHeader'; row: FileRow }
  | ViewerResponse
  | { kind: 'error'; message: string };
