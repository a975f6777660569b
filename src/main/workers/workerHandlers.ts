import { deidentifyOpened, deidentifyTask, type DeidFileResult, type DeidFileTask } from '../deid/deidentifyFile';
import type { PixelPlan } from '../deid/pixelPlan';
import { FileSource } from '../dicom/byteSource';
import { parseDicom } from '../dicom/parseDicom';
import type { ParsedDicom } from '../dicom/types';
import { readFileHeader } from '../dicom/readFileHeader';
import { gateImage, gateImageFile, pixelFingerprintOfFile, type ImageGate } from '../ocr/imageGate';
import { locatePixels } from '../pixels/locateImage';
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
 * - the plan carries the fingerprint the gate took of the input it cleared (`PixelPlan.gatedInput`;
 *   with `gateInWriter`, taken here as the input was gated before it was written), and the
 *   written file's fingerprint (its pixel description and every byte of its Pixel Data value,
 *   read back, not decoded) is the same: the written pixels are the
 *   very bytes the gate cleared, decoded the same way, so its verdict holds for them;
 * - otherwise the written file is decoded and gated, as any unburned output.
 */
async function deidentifyAndGate(task: DeidFileTask): Promise<DeidFileResult> {
  const plan = task.pixels;
  if (plan?.gateInWriter && plan.ocr !== 'done') return gateThenWrite(task, plan);
  return judgeWritten(await deidentifyTask(task), plan);
}

/** What a whole-image gate clearance makes of an unread plan: read, nothing to burn. */
function clearedPlan(plan: PixelPlan, fingerprint: string | undefined): PixelPlan {
  return { ...plan, ocr: 'done', ocrError: null, gateCleared: true, gateInWriter: false, ...(fingerprint ? { gatedInput: fingerprint } : {}) };
}

/**
 * A plan's `gateInWriter`: the input is opened and parsed once, gated (every distinct frame) and,
 * when cleared whole, written from the same parse with the plan the clearance gives it; the result
 * carries `gated` for the run to record. Not cleared: nothing is written, the result says `unread`
 * (and is a withheld one, should no one read it). A file the gate cannot parse is left to the
 * writer, which says why it cannot be written.
 */
async function gateThenWrite(task: DeidFileTask, plan: PixelPlan): Promise<DeidFileResult> {
  // Boxes drawn on an unread image are burned after it is read, never dropped by a clearance.
  if (hasBoxes(plan) || plan.clearHiddenBits) return unreadResult('it has boxes to burn or bits to clear');
  let src: FileSource | undefined;
  try {
    src = new FileSource(task.path);
    const parsed = parseOrUndefined(src);
    if (!parsed) return await deidentifyTask(task);
    const gate = await gateOpened(parsed);
    if (!gate.cleared) return unreadResult(gate.why);
    const cleared = clearedPlan(plan, gate.fingerprint);
    const result = await judgeWritten(deidentifyOpened(parsed, { ...task, pixels: cleared }), cleared);
    return { ...result, gated: { frames: gate.frames, framesGated: gate.framesGated } };
  } catch (e) {
    return { status: 'failed', reason: (e as Error).message };
  } finally {
    src?.close();
  }
}

function parseOrUndefined(src: FileSource): ParsedDicom | undefined {
  try {
    return parseDicom(src);
  } catch {
    return undefined;
  }
}

/** The gate on a parsed file; a frame it cannot decode leaves it not cleared (never throws). */
async function gateOpened(parsed: ParsedDicom): Promise<ImageGate> {
  try {
    const located = locatePixels(parsed);
    return located ? await gateImage(located) : { cleared: false, frames: 0, framesGated: 0, why: 'no Pixel Data' };
  } catch (e) {
    return { cleared: false, frames: 0, framesGated: 0, why: (e as Error).message };
  }
}

/** Nothing written: the image is to be read first (withheld, should no one read it). */
function unreadResult(why: string): DeidFileResult {
  return { status: 'withheld', reason: `pixels not read: the text gate did not clear them (${why})`, uncleaned: ['pixels not read'], unread: why };
}

function hasBoxes(plan: PixelPlan): boolean {
  return plan.frameBoxes.length > 0 || Object.values(plan.overlayBoxes).some((list) => list.length > 0);
}

/** Gate-verifies a pending output in which nothing was burned (see {@link deidentifyAndGate}). */
async function judgeWritten(result: DeidFileResult, plan: PixelPlan | undefined): Promise<DeidFileResult> {
  if (!result.pending || !plan || plan.frameBoxes.length > 0 || plan.clearHiddenBits) return result;
  if (plan.gatedInput !== undefined && pixelFingerprintOfFile(result.pending) === plan.gatedInput) return { ...result, gateVerified: WRITTEN_IDENTICAL };
  return (await gateImageFile(result.pending)).cleared ? { ...result, gateVerified: WRITTEN_GATED } : result;
}
