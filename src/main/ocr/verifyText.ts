/**
 * The independent check of a written image: does any text remain outside the regions a reviewer or
 * the allowlist explained as harmless? Two methods, neither of them the proposer's reading:
 *
 * 1. the detector looks at every distinct frame and overlay again (through the same views as the
 *    finder): any text region left outside the explained ones is a finding, read or not;
 * 2. tesseract, with its own preprocessing, reads the whole frame: any word it reads with
 *    confidence outside the explained regions is a finding — not merely words that match the
 *    patient, any text at all.
 *
 * The image is called clean only when both find nothing. A frame in which nothing was burned and
 * which the text gate clears on the written pixels needs neither: there is no text-like structure
 * in it for them to find (`unburnedFrame`); a frame with boxes burned always gets both. Across
 * the rounds of one image's check, a frame found clean that comes back byte for byte the same is
 * not checked again (`checkedClean`).
 */
import { createHash } from 'node:crypto';
import { pixelDescriptionKey } from '../pixels/imageDescription';
import type { LocatedPixels } from '../pixels/locateImage';
import { extractOverlays } from '../pixels/overlays';
import { textGate } from '../pixels/textGate';
import type { Box } from './grayImage';
import { boxIntersection } from './grayImage';
import { defaultFrameLanes, runInLanes } from './frameLanes';
import { ocrInputOf, readFrame } from './frameReading';
import { frameViews, overlayView } from './imageText';
import { ocrFrame, ocrOverlay, type OcrRect } from './ocrFrame';
import type { TextDetector, TextImage } from './textEngines';
import { mergeRegions } from './textFinder';
import type { OcrPool } from './tesseractPool';

/** A region explained as harmless (a rejected box, kept text): `frame` null for every frame. */
export interface ExplainedBox extends Box {
  frame: number | null;
  plane: 'frame' | 'overlay';
  overlayGroup: number | null;
}

/** Text found where none should be. */
export interface TextLeft {
  plane: 'frame' | 'overlay';
  overlayGroup: number | null;
  /** 0-based frame; null for a single-frame image. */
  frame: number | null;
  box: Box;
  /** What tesseract read there ('' when only the detector saw it). */
  text: string;
  /** Which method found it. */
  method: 'detector' | 'tesseract';
}

/** The engines of the check: a detector, and tesseract engines that did not propose the boxes. */
export interface VerifyEngines {
  detector: TextDetector;
  tesseract: OcrPool;
}

/** Knobs of {@link checkTextLeft}. */
interface VerifyTextOptions {
  engines: VerifyEngines;
  explained: readonly ExplainedBox[];
  signal?: AbortSignal;
  /** Tesseract words below this confidence are noise, not text (default 70). */
  minConfidence?: number;
  /**
   * Frames (0-based) written as they were read, nothing burned in them: when the text gate clears
   * the written frame it is its check (same pixels, no text-like structure), and neither the
   * detector nor tesseract is run on it. Absent: every frame gets both.
   */
  unburnedFrame?: (frame: number) => boolean;
  /**
   * Frames found clean by an earlier round of this image's check (the verify rounds of one image:
   * a finding is burned and the image written and checked again). A frame is known by its pixel
   * description, its encoded bytes and the explained regions that apply to it: one that comes back
   * the same in all three was checked by these same methods and found clean, so it is not looked
   * at again. Frames found clean here are added. Absent: every frame is checked.
   */
  checkedClean?: Set<string>;
  /** Lanes a long image's frames are checked in at once (`frameLanes.ts`); default one per core. */
  lanes?: number;
}

const ALNUM = /[\p{L}\p{N}]/gu;

/** True when the explained region `k` applies to this plane, overlay group and frame. */
function appliesTo(k: ExplainedBox, frame: number | null, plane: 'frame' | 'overlay', group: number | null): boolean {
  return k.plane === plane && (k.plane === 'frame' || k.overlayGroup === group) && (k.frame === null || frame === null || k.frame === frame);
}

/** Half or more of `box` inside an explained region of the same plane and frame. */
function explained(box: Box, frame: number | null, plane: 'frame' | 'overlay', group: number | null, list: readonly ExplainedBox[]): boolean {
  return list.some((k) => appliesTo(k, frame, plane, group) && boxIntersection(k, box) >= 0.5 * box.w * box.h);
}

/** The explained frame regions that apply to `frame`, as a string (see `checkedClean`). */
function explainedKey(frame: number | null, list: readonly ExplainedBox[]): string {
  return JSON.stringify(list.filter((k) => appliesTo(k, frame, 'frame', null)).map((k) => [k.frame, k.x, k.y, k.w, k.h]));
}

/** A tesseract word that is text, not noise: read with confidence, two letters or digits or more. */
function isText(r: OcrRect, minConfidence: number): boolean {
  return !r.weak && r.confidence >= minConfidence && (r.text.match(ALNUM)?.length ?? 0) >= 2;
}

async function detectLeft(detector: TextDetector, views: readonly TextImage[], signal: AbortSignal | undefined): Promise<Box[]> {
  const lists = [];
  for (const v of views) lists.push(await detector.detect(v, { signal }));
  return mergeRegions(lists).map((m) => m.region);
}

/**
 * Checks every distinct frame and overlay plane of a located (written) image. Resolves to what it
 * found outside the explained regions; empty means clean. Throws on decoding errors and on abort.
 */
export async function checkTextLeft(located: LocatedPixels, opts: VerifyTextOptions): Promise<TextLeft[]> {
  const n = located.desc.numberOfFrames;
  const min = opts.minConfidence ?? 70;
  const seen = new Set<string>();
  let description: string | undefined;
  // Distinct frames not found clean by an earlier round, with the key that round would know them by.
  const todo: { f: number; known: string }[] = [];
  for (let f = 0; f < n; f++) {
    opts.signal?.throwIfAborted();
    const key = createHash('sha1').update(located.frameBytes(f)).digest('hex');
    if (seen.has(key)) continue;
    seen.add(key);
    const known = opts.checkedClean ? `${description ??= pixelDescriptionKey(located.desc)}|${explainedKey(n === 1 ? null : f, opts.explained)}|${key}` : '';
    if (!opts.checkedClean?.has(known)) todo.push({ f, known });
  }
  // Findings per frame, gathered in frame order whatever order the lanes finish in.
  const perFrame = new Map<number, TextLeft[]>();
  await runInLanes(todo, opts.lanes ?? defaultFrameLanes(), async ({ f, known }) => {
    opts.signal?.throwIfAborted();
    const frame = n === 1 ? null : f;
    const reading = await readFrame(located, f);
    if (opts.unburnedFrame?.(f) && textGate(reading.frame).clear) return;
    const found: TextLeft[] = [];
    for (const box of await detectLeft(opts.engines.detector, frameViews(reading.frame, located.desc), opts.signal)) {
      if (!explained(box, frame, 'frame', null, opts.explained)) found.push({ plane: 'frame', overlayGroup: null, frame, box, text: '', method: 'detector' });
    }
    for (const r of await ocrFrame(opts.engines.tesseract, ocrInputOf(reading.frame, located), { signal: opts.signal })) {
      if (isText(r, min) && !explained(r.box, frame, 'frame', null, opts.explained)) found.push({ plane: 'frame', overlayGroup: null, frame, box: r.box, text: r.text, method: 'tesseract' });
    }
    if (found.length === 0) opts.checkedClean?.add(known);
    else perFrame.set(f, found);
  });
  const left: TextLeft[] = [...perFrame].sort((a, b) => a[0] - b[0]).flatMap(([, found]) => found);
  for (const g of located.overlays.filter((o) => o.data && o.data.length > 0)) {
    for (const plane of extractOverlays([g], located.desc)) {
      if (plane.rows * plane.columns === 0) continue;
      const frame = n === 1 || Math.max(1, g.numberOfFrames ?? 1) === 1 ? null : plane.frame;
      const shift = (b: Box): Box => ({ x: b.x + plane.originColumn - 1, y: b.y + plane.originRow - 1, w: b.w, h: b.h });
      for (const box of await detectLeft(opts.engines.detector, [overlayView(plane)], opts.signal)) {
        const at = shift(box);
        if (!explained(at, frame, 'overlay', plane.group, opts.explained)) left.push({ plane: 'overlay', overlayGroup: plane.group, frame, box: at, text: '', method: 'detector' });
      }
      const words = await ocrOverlay(opts.engines.tesseract, { data: plane.bits, width: plane.columns, height: plane.rows }, { signal: opts.signal });
      for (const r of words) {
        const at = shift(r.box);
        if (isText(r, min) && !explained(at, frame, 'overlay', plane.group, opts.explained)) left.push({ plane: 'overlay', overlayGroup: plane.group, frame, box: at, text: r.text, method: 'tesseract' });
      }
    }
  }
  return left;
}

/** Findings in words for reports and the UI, without the text itself (which may name the patient). */
export function describeTextLeft(left: readonly TextLeft[]): string {
  const detector = left.filter((l) => l.method === 'detector').length;
  const read = left.length - detector;
  const where = left
    .slice(0, 3)
    .map((l) => `${l.box.x},${l.box.y} ${l.box.w}x${l.box.h}${l.frame === null ? '' : ` frame ${l.frame}`}${l.plane === 'overlay' ? ' (overlay)' : ''}`)
    .join('; ');
  return `${left.length} text region${left.length === 1 ? '' : 's'} left (${detector} found by the detector, ${read} read by tesseract) at ${where}${left.length > 3 ? '…' : ''}`;
}
