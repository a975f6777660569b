/**
 * The text of a whole image, detector first: every distinct frame (identical frames, by the hash
 * of their encoded bytes, once) goes through the text gate (`pixels/textGate.ts`), and every frame
 * the gate does not clear, every overlay plane in Overlay Data and every overlay kept in Pixel Data
 * bits goes through the detector; each region is read and judged (`textFinder.ts`).
 * Unlike the cine reader before it, nothing is sampled: text at any grey level on any frame is
 * found on that frame. After a frame the detector looked at whole, the next is read in the areas
 * of the regions found on it when the text gate clears everything outside them
 * (`knownRegions.ts`): the frames of a cine as a sequence. The boxes come back as rect rows for
 * the database; nothing is written here.
 */
import { createHash } from 'node:crypto';
import type { NewRect } from '../../shared/model/rects';
import { FileSource } from '../dicom/byteSource';
import { DicomParseError } from '../dicom/dicomErrors';
import { parseDicom } from '../dicom/parseDicom';
import { PixelDecodeError } from '../pixels/decoders/pixelErrors';
import { greyTo8, rangeWindow, sampleRange, type GreyDisplay } from '../../shared/pixels/voi';
import type { DecodedFrame } from '../pixels/decodedFrame';
import { framePicture } from '../pixels/frameImage';
import type { ImagePixelDescription } from '../pixels/imageDescription';
import { locatePixels, type LocatedPixels } from '../pixels/locateImage';
import { extractOverlays, type OverlayPlane } from '../pixels/overlays';
import { textGate } from '../pixels/textGate';
import { readFrame } from './frameReading';
import { boxIou } from './grayImage';
import type { RecognizedLine, TextImage } from './textEngines';
import { findText, type FindEngines, type FindOptions, type FoundText, type JudgeLine } from './textFinder';
import { defaultFrameLanes, runInLanes } from './frameLanes';
import { createRegionSequence, findTextInKnownAreas, type RegionSequence } from './knownRegions';

/** The views a frame is looked at through: colour as it is; grey through its display window and its full range. */
export function frameViews(frame: DecodedFrame, desc: ImagePixelDescription): TextImage[] {
  const { width, height } = frame;
  const picture = framePicture(frame, desc);
  if (picture.kind === 'rgb') return [{ width, height, channels: 3, data: picture.rgb }];
  const views: TextImage[] = [{ width, height, channels: 1, data: greyTo8(frame.data, picture.display) }];
  const { min, max } = sampleRange(frame.data);
  const full: GreyDisplay = { ...picture.display, window: rangeWindow(min * picture.display.rescale.slope + picture.display.rescale.intercept, max * picture.display.rescale.slope + picture.display.rescale.intercept) };
  const w = picture.display.window;
  if (Math.abs(full.window.center - w.center) > 0.5 || Math.abs(full.window.width - w.width) > 0.5) {
    views.push({ width, height, channels: 1, data: greyTo8(frame.data, full) });
  }
  return views;
}

/** An overlay plane as a picture: set bits white on black. */
export function overlayView(plane: OverlayPlane): TextImage {
  const data = new Uint8Array(plane.rows * plane.columns);
  for (let i = 0; i < data.length; i++) data[i] = plane.bits[i] ? 255 : 0;
  return { width: plane.columns, height: plane.rows, channels: 1, data };
}

/** What reading an image found and how completely. */
interface ImageTextResult {
  frames: number;
  /** Distinct frames that went through the detector. */
  framesRead: number;
  /** Distinct frames the text gate cleared (no text-like structure): they never reached the detector. */
  framesGated: number;
  /** Overlay groups read (0 for set bits above High Bit that no group declares). */
  overlaysRead: number[];
  /** Pixel Data has set bits outside Bits Stored (overlays or hidden data to clear). */
  hiddenBits: boolean;
  rects: NewRect[];
}

/** Knobs of {@link findImageText}. */
interface ImageTextOptions extends FindOptions {
  engines: FindEngines;
  judge: JudgeLine;
  /** Called as frames are done (with how many), for progress. */
  onFrames?: (count: number) => void;
  /** Where text was found last in this image's series; default: this image's own frames only. */
  sequence?: RegionSequence;
  /** Lanes a long image's frames are read in at once (`frameLanes.ts`); default one per core. */
  lanes?: number;
}

function toRect(t: FoundText, frame: number | null, plane: 'frame' | 'overlay' = 'frame', overlayGroup: number | null = null): NewRect {
  return {
    plane,
    overlayGroup,
    frame,
    x: t.x,
    y: t.y,
    w: t.w,
    h: t.h,
    text: t.text,
    confidence: t.confidence,
    source: 'ocr',
    status: t.keep ? 'unflagged' : 'proposed',
    reason: t.reason,
  };
}

/** Boxes of one text on two frames are the same box when they overlap this much (IoU). */
const SAME_BOX = 0.5;

/**
 * The regions of every frame as rects: the same text with the same verdict in (nearly) the same
 * place on several frames is one rect over the union of its boxes, for every frame (`null`) when it
 * is on all `n` of them. Burning the union covers what each frame showed.
 */
function collapseFrames(perFrame: Map<number, FoundText[]>, n: number): NewRect[] {
  const groups: { text: FoundText; frames: number[] }[] = [];
  const byKey = new Map<string, { text: FoundText; frames: number[] }[]>();
  for (const [frame, found] of [...perFrame].sort((a, b) => a[0] - b[0])) {
    for (const t of found) {
      const key = `${t.keep}|${t.reason}|${t.text}`;
      const list = byKey.get(key) ?? [];
      const same = list.find((g) => boxIou(g.text, t) >= SAME_BOX);
      if (same) {
        const x = Math.min(same.text.x, t.x);
        const y = Math.min(same.text.y, t.y);
        same.text = { ...same.text, x, y, w: Math.max(same.text.x + same.text.w, t.x + t.w) - x, h: Math.max(same.text.y + same.text.h, t.y + t.h) - y };
        same.frames.push(frame);
        continue;
      }
      const group = { text: t, frames: [frame] };
      list.push(group);
      byKey.set(key, list);
      groups.push(group);
    }
  }
  const rects: NewRect[] = [];
  for (const { text, frames } of groups) {
    if (frames.length === n) rects.push(toRect(text, null));
    else for (const f of frames) rects.push(toRect(text, f));
  }
  return rects;
}

function hash(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}

/**
 * Finds the text of every frame and overlay of a located image. Throws on decoding errors (the
 * caller records the image as undecodable or failed) and on cancellation.
 */
export async function findImageText(located: LocatedPixels, opts: ImageTextOptions): Promise<ImageTextResult> {
  const n = located.desc.numberOfFrames;
  const reads = opts.reads ?? new Map<string, RecognizedLine>();
  const find: FindOptions = { signal: opts.signal, priority: opts.priority, reads };
  const perFrame = new Map<number, FoundText[]>();
  const byHash = new Map<string, number>();
  const twins: [number, number][] = [];
  const hiddenPlanes: { frame: number; plane: OverlayPlane }[] = [];
  let hiddenBits = false;
  let gated = 0;
  const { columns: width, rows: height } = located.desc;
  // Distinct frames only: a frame whose encoded bytes repeat an earlier one's shares its answer.
  const distinct: number[] = [];
  for (let f = 0; f < n; f++) {
    const key = hash(located.frameBytes(f));
    const twin = byHash.get(key);
    if (twin === undefined) {
      byHash.set(key, f);
      distinct.push(f);
    } else {
      twins.push([f, twin]);
      opts.onFrames?.(1);
    }
  }
  // Each lane reads its frames in order, as a sequence: the first lane goes on from the series'.
  const sequences = new Map<number, RegionSequence>();
  await runInLanes(distinct, opts.lanes ?? defaultFrameLanes(), async (f, lane) => {
    opts.signal?.throwIfAborted();
    const reading = await readFrame(located, f);
    hiddenBits ||= reading.hiddenBits;
    for (const plane of reading.hiddenPlanes) if (plane.bits.includes(1)) hiddenPlanes.push({ frame: f, plane });
    if (textGate(reading.frame).clear) {
      // No run of text-like strokes anywhere in the frame: nothing for the detector to find.
      gated++;
      perFrame.set(f, []);
      opts.onFrames?.(1);
      return;
    }
    let sequence = sequences.get(lane);
    if (!sequence) sequences.set(lane, sequence = (lane === 0 ? opts.sequence : undefined) ?? createRegionSequence());
    const views = frameViews(reading.frame, located.desc);
    // The regions of the last frame read, checked in place; the whole frame when that cannot be done.
    const known = sequence.known(width, height);
    const found = (known.length > 0 ? await findTextInKnownAreas(reading.frame, views, known, opts.engines, opts.judge, find) : undefined)
      ?? await findText(views, opts.engines, opts.judge, find);
    sequence.found(width, height, found);
    perFrame.set(f, found);
    opts.onFrames?.(1);
  });
  for (const [f, twin] of twins) perFrame.set(f, perFrame.get(twin) ?? []);
  // Lanes finish out of order: the planes are taken in frame order, as one lane would give them.
  hiddenPlanes.sort((a, b) => a.frame - b.frame);
  const rects = collapseFrames(perFrame, n);
  const overlaysRead = new Set<number>();
  // Overlay Data planes (identical planes read once), then planes found in Pixel Data bits.
  const planes: { plane: OverlayPlane; frames: (number | null)[] }[] = [];
  const planeByKey = new Map<string, { plane: OverlayPlane; frames: (number | null)[] }>();
  const add = (plane: OverlayPlane, frame: number | null): void => {
    const key = `${plane.group}:${plane.originRow},${plane.originColumn}:${hash(plane.bits)}`;
    const seen = planeByKey.get(key);
    if (seen) seen.frames.push(frame);
    else {
      const entry = { plane, frames: [frame] };
      planeByKey.set(key, entry);
      planes.push(entry);
    }
  };
  for (const g of located.overlays.filter((o) => o.data && o.data.length > 0)) {
    const single = Math.max(1, g.numberOfFrames ?? 1) === 1;
    for (const plane of extractOverlays([g], located.desc)) add(plane, single || n === 1 ? null : plane.frame);
    overlaysRead.add(g.group);
  }
  for (const { frame, plane } of hiddenPlanes) {
    add(plane, n === 1 ? null : frame);
    overlaysRead.add(plane.group);
  }
  for (const { plane, frames } of planes) {
    opts.signal?.throwIfAborted();
    if (plane.rows * plane.columns === 0) continue;
    const found = await findText([overlayView(plane)], opts.engines, opts.judge, find);
    for (const t of found) {
      const box = { ...t, x: t.x + plane.originColumn - 1, y: t.y + plane.originRow - 1 };
      for (const frame of frames) rects.push(toRect(box, frame, 'overlay', plane.group));
    }
  }
  return { frames: n, framesRead: byHash.size - gated, framesGated: gated, overlaysRead: [...overlaysRead].sort((a, b) => a - b), hiddenBits, rects };
}

// Its own file, so code that only compares coverage records (planPixels, on the main thread) loads no decoder.
export { FIND_TEXT_ENGINE } from './findTextEngine';

/** What reading an image file found: {@link ImageTextResult} with how the read ended. */
export interface ImageFileText extends ImageTextResult {
  /** `done`: every frame and overlay was read; `undecodable`: no decoder; `failed`: another error. */
  status: 'done' | 'failed' | 'undecodable';
  error: string | null;
}

/** Finds the text of an image file; never throws except for cancellation. */
export async function findImageTextFile(path: string, opts: ImageTextOptions): Promise<ImageFileText> {
  const failed = (status: 'failed' | 'undecodable', error: string): ImageFileText => ({ status, error, frames: 0, framesRead: 0, framesGated: 0, overlaysRead: [], hiddenBits: false, rects: [] });
  let src: FileSource | undefined;
  try {
    src = new FileSource(path);
    const located = locatePixels(parseDicom(src));
    if (!located) return failed('failed', 'no Pixel Data');
    return { status: 'done', error: null, ...(await findImageText(located, opts)) };
  } catch (e) {
    if (opts.signal?.aborted || (e instanceof Error && e.name === 'AbortError')) throw e;
    if (e instanceof PixelDecodeError && e.code === 'CANNOT_DECODE') return failed('undecodable', e.message);
    return failed('failed', e instanceof DicomParseError ? `unparseable DICOM: ${e.message}` : (e as Error).message);
  } finally {
    src?.close();
  }
}
