import { deidentifyTask, type DeidFileResult, type DeidFileTask } from '../deid/deidentifyFile';
import { readFileHeader } from '../dicom/readFileHeader';
import { gateImageFile } from '../ocr/imageGate';
import type { WorkerRequest, WorkerResponse } from './workerProtocol';
import { handleViewerRequest } from './viewerRequests';

/** Serves one request; the same code runs in a worker thread or inline. Never rejects. */
export async function handleWorkerRequest(request: WorkerRequest): Promise<WorkerResponse> {
  try {
    switch (request.kind) {
      case 'deidentify':
        return { kind: 'deidentify', result: await deidentifyAndGate(request.task) };
      case 'readHeader':
        return { kind: 'readHeader', row: readFileHeader(request.path, request.size, request.mtimeMs) };
      case 'imageInfo':
      case 'viewerFrame':
      case 'frameOverlays':
      case 'headerPreview':
      case 'headerTexts':
      case 'asWritten':
      case 'identityRemoved':
        return await handleViewerRequest(request);
      case 'gateImage':
        return { kind: 'gateImage', gate: await gateImageFile(request.path) };
      default: {
        const never: never = request;
        return { kind: 'error', message: `unknown request ${JSON.stringify(never)}` };
      }
    }
  } catch (e) {
    return { kind: 'error', message: (e as Error).message };
  }
}

/**
 * Writes one file; when its output is left pending with nothing burned in it (no box, no hidden
 * bits cleared: its pixels are the input's, as written), the text gate judges the written file here,
 * in the thread that wrote it, so the verify pass on the main thread need not decode it again.
 */
async function deidentifyAndGate(task: DeidFileTask): Promise<DeidFileResult> {
  const result = await deidentifyTask(task);
  const plan = task.pixels;
  if (!result.pending || !plan || plan.frameBoxes.length > 0 || plan.clearHiddenBits) return result;
  return (await gateImageFile(result.pending)).cleared ? { ...result, gateVerified: true } : result;
}
