/**
 * The text gate over a whole image file, for a worker thread: every distinct frame (identical
 * frames, by the hash of their encoded bytes, once) decoded once and asked of `pixels/textGate.ts`.
 * Used twice on the default path, each time where the file is already open in a worker:
 *
 * - the find-text stage asks it of the input first (`pipeline/findText/ocrRun.ts`): an image it
 *   clears is recorded as read with nothing found, exactly as `findImageText` records a fully
 *   gated image, without decoding it again on the main thread; any other image goes to
 *   `findImageText` as before;
 * - the writer's worker asks it of a pending output in which nothing was burned
 *   (`workers/workerHandlers.ts`): the written bytes are judged, as `checkTextLeft` judges an
 *   unburned frame, and a cleared output needs no detector in the verify pass.
 *
 * Conservative: overlays (Overlay Data with data, or bits hidden in Pixel Data) and anything it
 * cannot read make the answer "not cleared", and the caller takes the full path.
 */
import { createHash } from 'node:crypto';
import { FileSource } from '../dicom/byteSource';
import { parseDicom } from '../dicom/parseDicom';
import { locatePixels, type LocatedPixels } from '../pixels/locateImage';
import { textGate } from '../pixels/textGate';
import { readFrame } from './frameReading';

/** The gate's answer on a whole image. */
export interface ImageGate {
  /** True when every distinct frame was cleared and the image holds no overlay to read. */
  cleared: boolean;
  /** Frames of the image (0 when it could not be read here). */
  frames: number;
  /** Distinct frames decoded and gated. */
  framesGated: number;
  /** Why it was not cleared, in words (empty when cleared). */
  why: string;
}

/** The gate over every distinct frame of a located image; stops at the first frame it cannot clear. */
async function gateImage(located: LocatedPixels): Promise<ImageGate> {
  const n = located.desc.numberOfFrames;
  if (located.overlays.some((o) => o.data && o.data.length > 0)) return { cleared: false, frames: n, framesGated: 0, why: 'Overlay Data to read' };
  const seen = new Set<string>();
  for (let f = 0; f < n; f++) {
    const encoded = located.frameBytes(f);
    // A single frame has no twin to find: its bytes need no hash.
    const key = n === 1 ? '' : createHash('sha1').update(encoded).digest('hex');
    if (seen.has(key)) continue;
    seen.add(key);
    const reading = await readFrame(located, f, encoded);
    if (reading.hiddenBits || reading.hiddenPlanes.length > 0) return { cleared: false, frames: n, framesGated: seen.size, why: 'bits outside Bits Stored' };
    const gate = textGate(reading.frame);
    if (!gate.clear) return { cleared: false, frames: n, framesGated: seen.size, why: gate.reason };
  }
  return { cleared: true, frames: n, framesGated: seen.size, why: '' };
}

/** {@link gateImage} of a file; never throws (an unreadable file is simply not cleared). */
export async function gateImageFile(path: string): Promise<ImageGate> {
  let src: FileSource | undefined;
  try {
    src = new FileSource(path);
    const located = locatePixels(parseDicom(src));
    if (!located) return { cleared: false, frames: 0, framesGated: 0, why: 'no Pixel Data' };
    return await gateImage(located);
  } catch (e) {
    return { cleared: false, frames: 0, framesGated: 0, why: (e as Error).message };
  } finally {
    src?.close();
  }
}
