import type { DetectedRegion, RecognizedLine } from '../textEngines';
import type { PpocrCore } from './ppocrCore';
import type { PpocrJob } from './ppocrProtocol';

/** Runs one job on a core (in a worker, or inline on the calling thread). */
export function runPpocrJob(core: PpocrCore, job: PpocrJob, signal?: AbortSignal): Promise<DetectedRegion[] | RecognizedLine[]> {
  switch (job.op) {
    case 'detect':
      return core.detect(job.image, job.options, signal);
    case 'recognize':
      return core.recognize(job.image, job.requests, signal);
  }
}
