/**
 * The text gate over a whole image file, for a worker thread: every distinct frame (identical
 * frames, by the hash of their encoded bytes, once) decoded once and asked of `pixels/textGate.ts`.
 * Used twice on the default path, each time in the writer's worker, where the file is open:
 *
 * - on the input, before it is written, when the run left it unread for this (`PixelPlan.gateInWriter`):
 *   an image it clears is written as gate-cleared and recorded as read with nothing found, exactly
 *   as `findImageText` records a fully gated image; any other image is read by `findImageText`
 *   first and written again (`workers/workerHandlers.ts`, `pipeline/write/pixelPhase.ts`);
 * - on a pending output in which nothing was burned: the written bytes are judged, as
 *   `checkTextLeft` judges an unburned frame, and a cleared output needs no detector in the verify pass.
 *
 * Conservative: overlays (Overlay Data with data, or bits hidden in Pixel Data) and anything it
 * cannot read make the answer "not cleared", and the caller takes the full path.
 *
 * A cleared answer says whether the gate also proved what the writer's high-bit check would
 * (`highBitsChecked`), and {@link pixelsWrittenAsGated} tells whether a written file holds the very
 * pixels gated, described the same way, so the verdict holds for it without decoding it again
 * (`workers/workerHandlers.ts`).
 */
import { createHash } from 'node:crypto';
import { FileSource } from '../dicom/byteSource';
import { parseDicom } from '../dicom/parseDicom';
import { locatePixels, type LocatedPixels } from '../pixels/locateImage';
import { textGate } from '../pixels/textGate';
import { readFrame, readingChecksHighBits } from './frameReading';
import { nativeFrameLength, pixelDescriptionKey, type ImagePixelDescription } from '../pixels/imageDescription';

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
  /**
   * Cleared answers: every frame was also proven to hold no bit above High Bit other than sign
   * extension, over the whole Pixel Data value, as the writer's high-bit check would prove while
   * copying it (`ocr/frameReading.ts`, `readingChecksHighBits`).
   */
  highBitsChecked?: boolean;
}

const COMPARE_PIECE = 1 << 20;
let compareBuffer: Buffer | undefined;

/**
 * True when the file at `path` holds, byte for byte, the Pixel Data value `value` (as it was in the
 * gated input: fragments and delimiters included), described exactly as `desc` (every field the
 * frames are decoded with: Rows, Columns, bit depths, Pixel Representation, Photometric, Samples,
 * Planar Configuration, Number of Frames, transfer syntax, palettes, window, rescale, padding), and
 * no Overlay Data. Read back, not decoded; false for anything else, or a file it cannot read.
 */
export function pixelsWrittenAsGated(path: string, desc: ImagePixelDescription, value: Uint8Array): boolean {
  let src: FileSource | undefined;
  try {
    src = new FileSource(path);
    const located = locatePixels(parseDicom(src));
    if (!located || located.overlays.some((o) => o.data && o.data.length > 0)) return false;
    if (located.source !== src || located.pixel.endOffset - located.pixel.valueOffset !== value.length) return false;
    if (pixelDescriptionKey(located.desc) !== pixelDescriptionKey(desc)) return false;
    compareBuffer ??= Buffer.allocUnsafeSlow(COMPARE_PIECE);
    for (let at = 0; at < value.length; at += COMPARE_PIECE) {
      const piece = compareBuffer.subarray(0, Math.min(COMPARE_PIECE, value.length - at));
      src.readInto(located.pixel.valueOffset + at, piece);
      if (!piece.equals(value.subarray(at, at + piece.length))) return false;
    }
    return true;
  } catch {
    return false;
  } finally {
    src?.close();
  }
}

/** The gate over every distinct frame of a located image; stops at the first frame it cannot clear. Throws what decoding a frame throws. */
export async function gateImage(located: LocatedPixels): Promise<ImageGate> {
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
  return { cleared: true, frames: n, framesGated: seen.size, why: '', highBitsChecked: readingChecksHighBits(located) && !located.pixel.fragments && located.pixel.valueLength <= n * nativeFrameLength(located.desc) + 1 };
}

/** A gate answer that clears nothing, with the reason in words. */
export function notCleared(why: string): ImageGate {
  return { cleared: false, frames: 0, framesGated: 0, why };
}

/** {@link gateImage} of a file; never throws (an unreadable file is simply not cleared). */
export async function gateImageFile(path: string): Promise<ImageGate> {
  let src: FileSource | undefined;
  try {
    src = new FileSource(path);
    const located = locatePixels(parseDicom(src));
    if (!located) return notCleared('no Pixel Data');
    return await gateImage(located);
  } catch (e) {
    return notCleared((e as Error).message);
  } finally {
    src?.close();
  }
}
