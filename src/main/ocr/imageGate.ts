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
 * A cleared answer carries the image's {@link pixelFingerprint}. When the written file's
 * fingerprint equals it, the written pixels are byte for byte the ones the gate cleared, described
 * the same way, so the verdict holds for them without decoding them again (`workers/workerHandlers.ts`).
 */
import { createHash } from 'node:crypto';
import { FileSource } from '../dicom/byteSource';
import { parseDicom } from '../dicom/parseDicom';
import type { ByteSource } from '../dicom/types';
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
  /** The {@link pixelFingerprint} of the image gated (cleared answers only). */
  fingerprint?: string;
}

const HASH_PIECE = 1 << 20;

/**
 * SHA-256 over what the gate's verdict depends on: the pixel description the frames are decoded
 * with (Rows, Columns, Bits Allocated/Stored, High Bit, Pixel Representation, Photometric
 * Interpretation, Samples per Pixel, Planar Configuration, Number of Frames, transfer syntax, and
 * the palettes, window, rescale and padding values too) and every byte of the Pixel Data value as
 * it is in the file (fragments and delimiters included). Read in 1 MiB pieces, never decoded.
 */
function pixelFingerprint(located: LocatedPixels): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(located.desc, (_key, value: unknown) => (ArrayBuffer.isView(value) ? Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') : value)));
  hash.update('\0');
  hashRange(hash, located.source, located.pixel.valueOffset, located.pixel.endOffset);
  return hash.digest('hex');
}

function hashRange(hash: ReturnType<typeof createHash>, src: ByteSource, start: number, end: number): void {
  for (let at = start; at < end; at += HASH_PIECE) hash.update(src.read(at, Math.min(HASH_PIECE, end - at)));
}

/**
 * The {@link pixelFingerprint} of a file with pixels and no Overlay Data; undefined for anything
 * else, or a file it cannot read (never throws).
 */
export function pixelFingerprintOfFile(path: string): string | undefined {
  let src: FileSource | undefined;
  try {
    src = new FileSource(path);
    const located = locatePixels(parseDicom(src));
    if (!located || located.overlays.some((o) => o.data && o.data.length > 0)) return undefined;
    return pixelFingerprint(located);
  } catch {
    return undefined;
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
  return { cleared: true, frames: n, framesGated: seen.size, why: '', fingerprint: pixelFingerprint(located) };
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
