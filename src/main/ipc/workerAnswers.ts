import { CodedError } from '../../shared/codedError';
import type { ViewerRequest, ViewerResponse } from '../workers/viewerProtocol';
import type { TaskRunner } from '../workers/workerPool';
import { ServiceError } from './serviceError';

/**
 * Sends a viewer request to the pool (the parsing and decoding run on its worker thread) and
 * returns the answer of the same kind. A coded failure (`NOT_AN_IMAGE`, `NO_SUCH_FRAME`, a
 * decoding or parsing code) is thrown with its code, as if the handler had thrown it; a crashed
 * worker or a file over its time budget is `UNREADABLE`, naming why.
 */
export async function askWorker<K extends ViewerRequest['kind']>(requests: TaskRunner, request: Extract<ViewerRequest, { kind: K }>): Promise<Extract<ViewerResponse, { kind: K }>> {
  const answer = await requests.run(request);
  if (answer.kind === request.kind) return answer as Extract<ViewerResponse, { kind: K }>;
  if (answer.kind === 'requestFailed') throw new CodedError(answer.code, answer.message);
  if (answer.kind === 'error') throw new ServiceError('UNREADABLE', answer.message);
  throw new ServiceError('INTERNAL', `the worker answered ${answer.kind} to ${request.kind}`);
}
