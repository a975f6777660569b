/**
 * OCR of one image file: every frame (multi-frame images through `ocrCine`, which reads each
 * frame's text without reading every frame whole), every overlay plane in Overlay Data, and every
 * overlay kept in Pixel Data bits. The words come back as rect rows for the database, judged
 * against the patient's identifiers; nothing is written here.
 */
import { createHash } from 'node:crypto';
import type { NewRect } from '../../shared/model/rects';
import { FileSource } from '../dicom/byteSource';
import { DicomParseError } from '../dicom/dicomErrors';
import { parseDicom } from '../dicom/parseDicom';
import { locatePixels, type LocatedPixels } from '../pixels/locateImage';
import { extractOverlays, type OverlayPlane } from '../pixels/overlays';
import { PixelDecodeError } from '../pixels/decoders/pixelErrors';
import { imageFrames, ocrCine } from './cineOcr';
import { ocrInputOf, readFrame } from './frameReading';
import type { OcrFrameOptions } from './ocrFrame';
import { readFrameWords, readOverlayWords, type MatchContext, type ReadWord } from './readWords';
import type { OcrPool, OcrPriority } from './tesseractPool';

/** Names the OCR pipeline in coverage records; a change here makes every image be read again. */
export const OCR_ENGINE = 'tesseract.js-7 eng-4.0.0_best_int; deid-studio ocr 2';

/** Knobs of `ocrImageFile`. */
export interface OcrImageOptions {
  pool: OcrPool;
  match: MatchContext;
  signal?: AbortSignal;
  priority?: OcrPriority;
  /** Frames between whole reads of a cine; default 50 (see cineOcr.ts). */
  sampleInterval?: number;
  /** Called as frames are done (with how many), for progress. */
  onFrames?: (count: number) => void;
}

/** What reading one image found and how completely. */
export interface OcrImageResult {
  /** `done`: every frame and overlay was read; `undecodable`: no decoder; `failed`: another error. */
  status: 'done' | 'failed' | 'undecodable';
  error: string | null;
  frames: number;
  /** Frames whose text is accounted for (all of them when done). */
  framesRead: number;
  /** Overlay groups read (0 for set bits above High Bit that no group declares). */
  overlaysRead: number[];
  /** Pixel Data has set bits outside Bits Stored (overlays or hidden data to clear). */
  hiddenBits: boolean;
  rects: NewRect[];
  /** Whole reads, region reads, grey-view sample reads of a cine, overlay reads. */
  reads: { whole: number; regions: number; samples: number; overlays: number };
}

/** Reads an image file; never throws except for cancellation. */
export async function ocrImageFile(path: string, opts: OcrImageOptions): Promise<OcrImageResult> {
  let src: FileSource | undefined;
  try {
    src = new FileSource(path);
    const located = locatePixels(parseDicom(src));
    if (!located) return failed('failed', 'no Pixel Data', 0);
    return await ocrLocated(located, opts);
  } catch (e) {
    if (isAbort(e, opts.signal)) throw e;
    if (e instanceof PixelDecodeError && e.code === 'CANNOT_DECODE') return failed('undecodable', e.message, 0);
    const why = e instanceof DicomParseError ? `unparseable DICOM: ${e.message}` : (e as Error).message;
    return failed('failed', why, 0);
  } finally {
    src?.close();
  }
}

function failed(status: 'failed' | 'undecodable', error: string, frames: number): OcrImageResult {
  return { status, error, frames, framesRead: 0, overlaysRead: [], hiddenBits: false, rects: [], reads: { whole: 0, regions: 0, samples: 0, overlays: 0 } };
}

function isAbort(e: unknown, signal?: AbortSignal): boolean {
  return signal?.aborted === true || (e instanceof Error && e.name === 'AbortError');
}

/** Reads a located image: frames, then overlays. */
async function ocrLocated(located: LocatedPixels, opts: OcrImageOptions): Promise<OcrImageResult> {
  const n = located.desc.numberOfFrames;
  const ocr: OcrFrameOptions = { signal: opts.signal, priority: opts.priority };
  const rects: NewRect[] = [];
  const hidden = new HiddenPlanes();
  let hiddenBits = false;
  const reads = { whole: 0, regions: 0, samples: 0, overlays: 0 };
  if (n === 1) {
    const reading = await readFrame(located, 0);
    hiddenBits = reading.hiddenBits;
    hidden.add(0, reading.hiddenPlanes);
    const words = await readFrameWords(opts.pool, ocrInputOf(reading.frame, located), opts.match, ocr);
    reads.whole++;
    opts.onFrames?.(1);
    for (const w of words) rects.push(frameRect(w, null));
  } else {
    const { words, stats } = await ocrCine({
      frames: imageFrames(located),
      pool: opts.pool,
      match: opts.match,
      ocr,
      signal: opts.signal,
      sampleInterval: opts.sampleInterval,
      onFrame: (index, reading) => {
        hiddenBits ||= reading.hiddenBits;
        hidden.add(index, reading.hiddenPlanes);
      },
      onProgress: (done) => {
        if (done > 0) opts.onFrames?.(1);
      },
    });
    opts.onFrames?.(1);
    reads.whole += stats.wholeReads;
    reads.regions += stats.regionReads;
    reads.samples += stats.sampleReads;
    for (const w of words) {
      if (w.frames.length === n) rects.push(frameRect(w, null));
      else for (const f of w.frames) rects.push(frameRect(w, f));
    }
  }
  const overlays = await readOverlays(located, hidden, opts);
  reads.overlays += overlays.reads;
  rects.push(...overlays.rects);
  return { status: 'done', error: null, frames: n, framesRead: n, overlaysRead: overlays.groups, hiddenBits, rects, reads };
}

/**
 * Reads an image's overlays: every plane of Overlay Data (identical planes once) and the planes
 * found in Pixel Data bits while its frames were read. Boxes are in image pixels.
 */
export async function readOverlays(
  located: LocatedPixels,
  hidden: HiddenPlanes,
  opts: OcrImageOptions,
  cache?: Map<string, ReadWord[]>,
): Promise<{ rects: NewRect[]; groups: number[]; reads: number }> {
  const n = located.desc.numberOfFrames;
  const ocr: OcrFrameOptions = { signal: opts.signal, priority: opts.priority };
  const rects: NewRect[] = [];
  const overlaysRead = new Set<number>();
  const dataGroups = located.overlays.filter((g) => g.data && g.data.length > 0);
  const planes: { plane: OverlayPlane; frames: (number | null)[] }[] = [];
  const byHash = new Map<string, { plane: OverlayPlane; frames: (number | null)[] }>();
  for (const g of dataGroups) {
    const single = Math.max(1, g.numberOfFrames ?? 1) === 1;
    for (const plane of extractOverlays([g], located.desc)) {
      const frame = single || n === 1 ? null : plane.frame;
      const key = `${plane.group}:${plane.originRow},${plane.originColumn}:${planeHash(plane)}`;
      const seen = byHash.get(key);
      if (seen) seen.frames.push(frame);
      else {
        const entry = { plane, frames: [frame] };
        byHash.set(key, entry);
        planes.push(entry);
      }
    }
    overlaysRead.add(g.group);
  }
  for (const entry of hidden.entries(n)) planes.push(entry);
  for (const g of hidden.groups()) overlaysRead.add(g);
  let reads = 0;
  for (const { plane, frames } of planes) {
    opts.signal?.throwIfAborted();
    // The same plane in several images of a series (a logo, a marker) is read once.
    const key = `${plane.rows}x${plane.columns}:${planeHash(plane)}`;
    let words = cache?.get(key);
    if (!words) {
      words = plane.rows * plane.columns === 0 ? [] : await readOverlayWords(opts.pool, { data: plane.bits, width: plane.columns, height: plane.rows }, opts.match, ocr);
      cache?.set(key, words);
      reads++;
    }
    for (const w of words) {
      const box = { x: w.box.x + plane.originColumn - 1, y: w.box.y + plane.originRow - 1, w: w.box.w, h: w.box.h };
      for (const frame of frames) rects.push({ ...frameRect({ ...w, box }, frame), plane: 'overlay', overlayGroup: plane.group });
    }
  }
  return { rects, groups: [...overlaysRead].sort((a, b) => a - b), reads };
}

/** A judged word as a rect row of the frame plane. */
export function frameRect(w: ReadWord, frame: number | null): NewRect {
  return {
    plane: 'frame',
    overlayGroup: null,
    frame,
    x: w.box.x,
    y: w.box.y,
    w: w.box.w,
    h: w.box.h,
    text: w.text,
    confidence: w.confidence,
    source: 'ocr',
    status: w.proposed ? 'proposed' : 'unflagged',
    reason: w.reason,
  };
}

function planeHash(plane: OverlayPlane): string {
  return createHash('sha1').update(plane.bits).digest('hex');
}

/** Overlay planes found in Pixel Data bits, frame by frame, identical planes read once. */
export class HiddenPlanes {
  private readonly byKey = new Map<string, { plane: OverlayPlane; frames: number[] }>();

  add(frame: number, planes: readonly OverlayPlane[]): void {
    for (const plane of planes) {
      if (!plane.bits.includes(1)) continue;
      const key = `${plane.group}:${plane.bitPosition}:${planeHash(plane)}`;
      const seen = this.byKey.get(key);
      if (seen) seen.frames.push(frame);
      else this.byKey.set(key, { plane, frames: [frame] });
    }
  }

  groups(): number[] {
    return [...new Set([...this.byKey.values()].map((e) => e.plane.group))];
  }

  entries(n: number): { plane: OverlayPlane; frames: (number | null)[] }[] {
    return [...this.byKey.values()].map((e) => ({ plane: e.plane, frames: n === 1 ? [null] : e.frames }));
  }
}
