import type { JobProgress } from '../../shared/progress';
import type { Project } from '../db/projectsRepo';
import type { RunRequest } from '../pipeline/run/runPlan';

/** What a job thread is started with (its `workerData`): the database file and one stage to run. */
export type JobThreadData = { dbFile: string } & (
  | { stage: 'scan'; folder: string; workers: number }
  | { stage: 'deidentify'; request: RunRequest; runId: number }
  | { stage: 'verify'; output: string }
  | { stage: 'ocr'; folder: string; project: Project }
);

/** What the main thread sends a job thread. */
export type ToJobThread = { type: 'cancel' };

/** What a job thread sends back: progress, changed images, then its one result or failure. */
export type FromJobThread =
  | { type: 'progress'; progress: JobProgress }
  | { type: 'imagesChanged'; fileIds: number[] }
  | { type: 'done'; value: unknown }
  | { type: 'failed'; code: string; message: string };
