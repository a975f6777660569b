import { deidentifyTask, type DeidFileResult, type DeidFileTask } from '../deid/deidentifyFile';
import { readFileHeader } from '../dicom/readFileHeader';
import { gateImageFile, pixelFingerprintOfFile } from '../ocr/imageGate';
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

/** How a gate-verified output was proven clear, when its written pixels are the gated input's. */
export const WRITTEN_IDENTICAL = 'written pixels identical to the gated input';
/** How a gate-verified output was proven clear, when its written file was decoded and gated. */
export const WRITTEN_GATED = 'written file decoded and cleared by the text gate';

/**
 * Writes one file; when its output is left pending with nothing burned in it (no box, no hidden
 * bits cleared: its pixels are the input's, as written), the text gate's verdict is established for
 * the written file here, in the thread that wrote it, so the verify pass on the main thread need
 * not decode it again. Two ways, the first only where it is provable:
 *
 * - the plan carries the fingerprint the gate took of the input it cleared this run
 *   (`PixelPlan.gatedInput`), and the written file's fingerprint (its pixel description and every
 *   byte of its Pixel Data value, read back, not decoded) is the same: the written pixels are the
 *   very bytes the gate cleared, decoded the same way, so its verdict holds for them;
 * - otherwise the written file is decoded and gated, as any unburned output.
 */
async function deidentifyAndGate(task: DeidFileTask): Promise<DeidFileResult> {
  const result = await deidentifyTask(task);
  const plan = task.pixels;
  if (!result.pending || !plan || plan.frameBoxes.length > 0 || plan.clearHiddenBits) return result;
  if (plan.gatedInput !== undefined && pixelFingerprintOfFile(result.pending) === plan.gatedInput) return { ...result, gateVerified: WRITTEN_IDENTICAL };
  return (await gateImageFile(result.pending)).cleared ? { ...result, gateVerified: WRITTEN_GATED } : result;
}
