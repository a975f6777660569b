import { deidentifyTask } from '../deid/deidentifyFile';
import { readFileHeader } from '../dicom/readFileHeader';
import type { WorkerRequest, WorkerResponse } from './workerProtocol';
import { handleViewerRequest } from './viewerRequests';

/** Serves one request; the same code runs in a worker thread or inline. Never rejects. */
export async function handleWorkerRequest(request: WorkerRequest): Promise<WorkerResponse> {
  try {
    switch (request.kind) {
      case 'deidentify':
        return { kind: 'deidentify', result: await deidentifyTask(request.task) };
      case 'readHeader':
        return { kind: 'readHeader', row: readFileHeader(request.path, request.size, request.mtimeMs) };
      case 'imageInfo':
      case 'viewerFrame':
      case 'frameOverlays':
      case 'headerPreview':
      case 'headerTexts':
        return await handleViewerRequest(request);
      default: {
        const never: never = request;
        return { kind: 'error', message: `unknown request ${JSON.stringify(never)}` };
      }
    }
  } catch (e) {
    return { kind: 'error', message: (e as Error).message };
  }
}
