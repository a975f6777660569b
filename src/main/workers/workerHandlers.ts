import { deidentifyOpened, deidentifyTask, type DeidFileResult, type DeidFileTask } from '../deid/deidentifyFile';
import type { PixelPlan } from '../deid/pixelPlan';
import { FileSource, PinnedRangeSource } from '../dicom/byteSource';
import { parseDicom } from '../dicom/parseDicom';
import type { ParsedDicom } from '../dicom/types';
import { readFileHeader } from '../dicom/readFileHeader';
import { gateImage, gateImageFile, notCleared, pixelsWrittenAsGated, type ImageGate } from '../ocr/imageGate';
import { locatePixels, type LocatedPixels } from '../pixels/locateImage';
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
 * - with `gateInWriter`, the input's Pixel Data value is read once into memory and both the gate
 *   and the writer take it from there; the written file is read back (its pixel description and
 *   every byte of its Pixel Data value, not decoded) and, when it holds those very bytes described
 *   the same way, the gate's verdict holds for it (`ocr/imageGate.ts`, `pixelsWrittenAsGated`);
 * - otherwise the written file is decoded and gated, as any unburned output.
 */
async function deidentifyAndGate(task: DeidFileTask): Promise<DeidFileResult> {
  const plan = task.pixels;
  if (plan?.gateInWriter && plan.ocr !== 'done') return gateThenWrite(task, plan);
  return judgeWritten(await deidentifyTask(task), plan);
}

/** What a whole-image gate clearance makes of an unread plan: read, nothing to burn. */
function clearedPlan(plan: PixelPlan): PixelPlan {
  return { ...plan, ocr: 'done', ocrError: null, gateCleared: true, gateInWriter: false };
}

/**
 * A plan's `gateInWriter`: the input is opened and parsed once, its Pixel Data value read once
 * (`PinnedRangeSource`), gated (every distinct frame) and, when cleared whole, written from the
 * same bytes with the plan the clearance gives it (without the copy's high-bit check where the
 * gate proved the same); the result carries `gated` for the run to record. Not cleared: nothing is
 * written, the result says `unread` (and is a withheld one, should no one read it). A file the
 * gate cannot parse is left to the writer, which says why it cannot be written.
 */
async function gateThenWrite(task: DeidFileTask, plan: PixelPlan): Promise<DeidFileResult> {
  // Boxes drawn on an unread image are burned after it is read, never dropped by a clearance.
  if (hasBoxes(plan) || plan.clearHiddenBits) return unreadResult('it has boxes to burn or bits to clear');
  let src: FileSource | undefined;
  try {
    src = new FileSource(task.path);
    const opened = parseOrUndefined(src);
    if (!opened) return await deidentifyTask(task);
    const { parsed, located, value, error } = pinPixels(opened, src);
    const gate = error !== undefined ? notCleared(error) : await gateLocated(located);
    if (!gate.cleared || !located) return unreadResult(gate.why);
    const cleared = clearedPlan(plan);
    const written = deidentifyOpened(parsed, { ...task, pixels: cleared }, { highBitsChecked: gate.highBitsChecked === true });
    const result = written.pending && value && pixelsWrittenAsGated(written.pending, located.desc, value)
      ? { ...written, gateVerified: WRITTEN_IDENTICAL }
      : await judgeWritten(written, cleared);
    return { ...result, gated: { frames: gate.frames, framesGated: gate.framesGated } };
  } catch (e) {
    return { status: 'failed', reason: (e as Error).message };
  } finally {
    src?.close();
  }
}

/**
 * The parse with its Pixel Data value read once into memory and served from there (`value`), so
 * the gate and the writer see the same bytes; as parsed where it cannot be (an inflated data set,
 * no Pixel Data, a value past the end of the file).
 */
function pinPixels(parsed: ParsedDicom, src: FileSource): { parsed: ParsedDicom; located: LocatedPixels | undefined; value?: Uint8Array; error?: string } {
  let located: LocatedPixels | undefined;
  try {
    located = locatePixels(parsed);
  } catch (e) {
    return { parsed, located: undefined, error: (e as Error).message };
  }
  if (!located || parsed.datasetSource !== src || located.pixel.endOffset > src.size) return { parsed, located };
  const value = new Uint8Array(located.pixel.endOffset - located.pixel.valueOffset);
  src.readInto(located.pixel.valueOffset, value);
  const pinned = { ...parsed, datasetSource: new PinnedRangeSource(src, located.pixel.valueOffset, value) };
  return { parsed: pinned, located: locatePixels(pinned), value };
}

function parseOrUndefined(src: FileSource): ParsedDicom | undefined {
  try {
    return parseDicom(src);
  } catch {
    return undefined;
  }
}

/** The gate on a located image; one it cannot locate or decode is not cleared (never throws). */
async function gateLocated(located: LocatedPixels | undefined): Promise<ImageGate> {
  try {
    return located ? await gateImage(located) : notCleared('no Pixel Data');
  } catch (e) {
    return notCleared((e as Error).message);
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
  return (await gateImageFile(result.pending)).cleared ? { ...result, gateVerified: WRITTEN_GATED } : result;
}
