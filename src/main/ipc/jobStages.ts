/**
 * The stages a job runs that read files (parse, decode, OCR): what `jobWork` hands to a worker
 * thread in the app (`jobThread.ts`), or runs inline in tests (`inlineJobStages.ts`). Only types
 * here, so the main thread that holds them loads no parser.
 */
import type { JobProgress } from '../../shared/progress';
import type { RunSummary } from '../../shared/runSummary';
import type { AppDatabase } from '../db/database';
import type { RunRequest } from '../pipeline/run/runPlan';
import type { scanFolder } from '../pipeline/scan/scanFolder';
import type { OutputTreeCheck } from '../pipeline/write/outputTreeVerdict';

/** What a scan found (the scan stage's result). */
type ScanOutcome = Awaited<ReturnType<typeof scanFolder>>;

/** What every stage gets: the database (a thread opens its own on the same file), the cancel signal and the progress sink. */
interface StageArgs {
  db: AppDatabase;
  signal: AbortSignal;
  progress(p: JobProgress): void;
}

/** The file-reading stages of the scan, de-identify and verify jobs (the OCR job's is the `OcrRunner`). */
export interface JobStages {
  /** Scans a folder into the index, headers read on `workers` threads. */
  scan(a: StageArgs & { folder: string; workers: number }): Promise<ScanOutcome>;
  /** Plans and runs a de-identification, recorded as run `runId`. */
  deidentify(a: StageArgs & { request: RunRequest; runId: number }): Promise<RunSummary>;
  /** Verifies a written tree: its pixels, and the files the database did not write. */
  verify(a: StageArgs & { output: string }): Promise<OutputTreeCheck>;
}
