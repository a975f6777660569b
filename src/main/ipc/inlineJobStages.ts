import { deidentifyRun } from '../pipeline/run/deidentifyRun';
import { planRun } from '../pipeline/run/runPlan';
import { scanFolder } from '../pipeline/scan/scanFolder';
import { checkOutputTree } from '../pipeline/write/verifyOutputTree';
import { createTaskRunner } from '../workers/workerPool';
import type { JobStages } from './jobStages';

/**
 * The job stages run on the calling thread: what the job thread runs (`jobThreadEntry.ts`), and
 * what tests over the sources hand the services. The app's main thread never imports this.
 */
export const inlineJobStages: JobStages = {
  async scan({ db, folder, workers, signal, progress }) {
    const runner = createTaskRunner(workers);
    try {
      return await scanFolder(db, folder, { runner, signal, onProgress: progress });
    } finally {
      await runner.close();
    }
  },
  async deidentify({ db, request, runId, signal, progress }) {
    return deidentifyRun(db, planRun(db, request), { runId, signal, onProgress: progress });
  },
  async verify({ db, output, signal, progress }) {
    return checkOutputTree({ output, db, signal, onProgress: progress });
  },
};
