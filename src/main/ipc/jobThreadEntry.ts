// Job thread entry (bundled to dist/main/job-worker.js): runs one job stage that reads files
// (scan, OCR, de-identify, verify) off the app's main thread, on a database connection of its own.
import { parentPort, workerData } from 'node:worker_threads';
import { CodedError } from '../../shared/codedError';
import type { JobProgress } from '../../shared/progress';
import { openDatabase } from '../db/openDatabase';
import { ocrFolderJob } from '../pipeline/findText/ocrRun';
import { inlineJobStages } from './inlineJobStages';
import type { FromJobThread, JobThreadData, ToJobThread } from './jobThreadProtocol';

const data = workerData as JobThreadData;
const controller = new AbortController();
const post = (m: FromJobThread): void => parentPort?.postMessage(m);
parentPort?.on('message', (m: ToJobThread) => {
  if (m.type === 'cancel') controller.abort(new Error('cancelled'));
});

async function run(): Promise<unknown> {
  const db = openDatabase(data.dbFile);
  const common = { db, signal: controller.signal, progress: (progress: JobProgress) => post({ type: 'progress', progress }) };
  try {
    switch (data.stage) {
      case 'scan':
        return await inlineJobStages.scan({ ...common, folder: data.folder, workers: data.workers });
      case 'deidentify':
        return await inlineJobStages.deidentify({ ...common, request: data.request, runId: data.runId });
      case 'verify':
        return await inlineJobStages.verify({ ...common, output: data.output });
      case 'ocr':
        await ocrFolderJob({ db, folder: data.folder, project: data.project, signal: controller.signal, onProgress: common.progress, onImagesChanged: (fileIds) => post({ type: 'imagesChanged', fileIds }) });
        return null;
      default: {
        const never: never = data;
        throw new Error(`unknown job stage ${JSON.stringify(never)}`);
      }
    }
  } finally {
    db.close();
  }
}

run().then(
  (value) => post({ type: 'done', value }),
  (e: unknown) => post({ type: 'failed', code: e instanceof CodedError ? e.code : 'INTERNAL', message: e instanceof Error ? e.message : String(e) }),
);
