/**
 * Reading the burned-in text of a multi-frame image without OCRing every frame.
 *
 * How every frame's text is accounted for (the guarantee the sampling gives):
 *
 * 1. Identical frames (same encoded bytes, by hash) are read once; a duplicate gets exactly the
 *    boxes of the frame it repeats.
 * 2. Frame 0 is read whole, through every view. Every `sampleInterval`-th distinct frame after it
 *    is a "sample": it is read whole through the grey view, which is what finds text drawn at
 *    values other than the extremes (item 5); text at the extremes is followed on every frame,
 *    samples included, through its ink (items 3 and 4), so samples need not read it again.
 *    Samples count distinct frames, since a repeated frame shows nothing its original does not.
 * 3. Every other frame is compared with what was last read, through its ink: the pixels at the
 *    extremes of the image's value range (see inkTracking.ts), which is where burned-in text is
 *    drawn. Wherever the ink differs from the ink at the time that part of the frame was last read
 *    by more than noise (`InkThresholds.speck`/`minChange`: a single pixel for text on an exact
 *    plateau, a few pixels for lossy band ink), the changed part, grown to whole words, is read in
 *    this frame (unless no ink is left in it: text that vanished leaves nothing to read), and
 *    becomes the new reference there. So text drawn at the extremes that appears, changes or
 *    vanishes on any frame (a clock, a counter, a name shown on frames 40-60 only) is read on the
 *    frame where it appears or changes, and nowhere else.
 * 4. A box read in frame f applies to every later frame whose ink inside the box is the same as in
 *    frame f (again up to a speck): unchanged ink means unchanged text. Where a box's ink did
 *    change, its box is read again in that frame, whatever the comparison with the reference said;
 *    except a proposed box that still holds ink (a clock ticking in place): it is burned in that
 *    frame too without being read again, which costs nothing and removes whatever it says now.
 * 5. Text drawn at other values (grey on changing anatomy) leaves no ink to follow: it is found by
 *    the samples, and a proposed box found that way is burned in every frame from the sample
 *    before it to the sample after it (fail closed), since it cannot be tracked in between.
 * 6. When the extreme is no exact plateau (lossy data, or no text at all), the ink band also holds
 *    the brightest anatomy; solid regions of it (400 px or more, 70 % filled, or taller than a
 *    quarter of the frame) are taken out with every bit of ink within 2 px of them (their ragged
 *    edge), so a moving bright organ does not force a read of every frame. Text merged into such
 *    a region, or that close to it, is left to the samples too.
 *
 * So the sampling can miss text that lasts fewer than `sampleInterval` distinct frames between two
 * samples and is either drawn at a value other than the extremes (item 5) or, in band mode, fused
 * with a solid bright region (item 6). Text drawn at the extremes is never missed.
 */
import type { LocatedPixels } from '../pixels/locateImage';
import type { Box } from './grayImage';
import { boxIou } from './grayImage';
import { FramePrefetcher, type PreparedFrame } from './framePrefetch';
import { ocrInputOf, readFrame } from './frameReading';
import type { FrameReading } from './frameReading';
import type { OcrFrameInput } from './intensity';
import {
  adoptInk, changedInk, inkChangeIn, inkCountIn, inkSnapshot, inkThresholds, levelsOfFrame,
} from './inkTracking';
import type { InkThresholds } from './inkTracking';
import type { OcrFrameOptions } from './ocrFrame';
import type { VariantKind } from './preprocess';
import { readFrameWords, type MatchContext, type ReadWord } from './readWords';
import type { OcrPool } from './tesseractPool';
import { textRegions } from './textRegions';

/** A word and the frames it is burned into (or recorded for). */
interface FrameWord extends ReadWord {
  /** 0-based frames, ascending. */
  frames: number[];
}

/**
 * A sequence of frames of one size and kind: the frames of a multi-frame image, or the
 * single-frame images of a series read as if they were one cine.
 */
export interface FrameSequence {
  count: number;
  /** The encoded bytes of frame `i` (hashed to find repeats, then decoded). */
  encoded(i: number): Uint8Array;
  /** Decodes frame `i` from its encoded bytes. */
  read(i: number, encoded: Uint8Array): Promise<FrameReading>;
  /** The frame as the OCR takes it. */
  input(i: number, reading: FrameReading): OcrFrameInput;
}

/** The frames of one multi-frame image as a sequence. */
export function imageFrames(located: LocatedPixels): FrameSequence {
  return {
    count: located.desc.numberOfFrames,
    encoded: (i) => located.frameBytes(i),
    read: (i, encoded) => readFrame(located, i, encoded),
    input: (_i, reading) => ocrInputOf(reading.frame, located),
  };
}

/** What `ocrCine` needs. */
interface CineOcrContext {
  frames: FrameSequence;
  pool: OcrPool;
  match: MatchContext;
  ocr: OcrFrameOptions;
  signal?: AbortSignal;
  /** Frames between two whole-frame reads; default 50. */
  sampleInterval?: number;
  /** Sees each distinct frame's reading (for overlays hidden in Pixel Data bits). */
  onFrame?: (index: number, reading: FrameReading) => void;
  /** Sees each frame that repeats an earlier one (and is not decoded). */
  onRepeat?: (index: number, earlier: number) => void;
  /** Called after each frame (distinct or repeated), for progress. */
  onProgress?: (done: number, total: number) => void;
}

/** What reading a cine cost. */
interface CineOcrStats {
  frames: number;
  distinctFrames: number;
  wholeReads: number;
  regionReads: number;
  /** Samples after the first, read through the grey view only. */
  sampleReads: number;
}

interface Tracked {
  word: ReadWord;
  frames: Set<number>;
  /** Ink inside the box when it was read; null when the box holds too little ink to follow. */
  snapshot: Uint8Array | null;
  alive: boolean;
  source: number;
}

/** Above this share of the frame, reading the changed regions one by one costs more than a whole read. */
const WHOLE_READ_SHARE = 0.3;
/** The views a sample reads whole: text at the extremes is followed through its ink instead. */
const GREY_KINDS: readonly VariantKind[] = ['full'];
/** A box with less ink than this is grey text, followed by samples only. */
const MIN_BOX_INK = 6;

/** Reads every frame's text of a multi-frame image; see the file comment for what is read when. */
export async function ocrCine(ctx: CineOcrContext): Promise<{ words: FrameWord[]; stats: CineOcrStats }> {
  const seq = ctx.frames;
  const n = seq.count;
  const interval = n <= 4 ? 1 : Math.max(1, ctx.sampleInterval ?? 50);
  const thresholds = await sampleThresholds(seq);
  const stats: CineOcrStats = { frames: n, distinctFrames: 0, wholeReads: 0, regionReads: 0, sampleReads: 0 };
  const duplicateOf = new Int32Array(n).fill(-1);
  const tracked: Tracked[] = [];
  let reference: Uint8Array | null = null;
  const samples: Promise<void>[] = [];
  let sampleError: unknown;
  // Distinct frames at sample ordinals (the first one included), in order.
  const sampleFrames: number[] = [];
  const startSample = (frame: PreparedFrame & { kind: 'distinct' }): void => {
    if (frame.ordinal % interval !== 0) return;
    sampleFrames.push(frame.index);
    if (frame.ordinal === 0) return;
    // A sample looks for text at other values than the extremes in the grey view (item 5); the
    // extremes are followed through their ink in the loop, as on every other frame (items 3
    // and 4). What the grey view finds is not followed from frame to frame (grey text leaves no
    // ink to follow), so the read starts as soon as the frame is decoded and nothing waits for it.
    const { index, input } = frame;
    // Its own copy: this frame's ink may become the reference, which later frames write into.
    const ink = frame.ink.slice();
    samples.push(
      readFrameWords(ctx.pool, input, ctx.match, { ...ctx.ocr, kinds: GREY_KINDS, priority: ctx.ocr.priority === 'interactive' ? 'interactive' : 'background' }).then(
        (words) => {
          track(tracked, words, index, ink, input.width, false);
          stats.sampleReads++;
        },
        (e: unknown) => {
          sampleError ??= e;
        },
      ),
    );
  };
  const frames = new FramePrefetcher(seq, thresholds, { onFrame: ctx.onFrame, onRepeat: ctx.onRepeat, onPrepared: startSample, signal: ctx.signal });

  for (let f = 0; f < n; f++) {
    ctx.signal?.throwIfAborted();
    ctx.onProgress?.(f, n);
    const prepared = await frames.next();
    if (prepared.kind === 'repeat') {
      duplicateOf[f] = prepared.repeatOf;
      continue;
    }
    stats.distinctFrames++;
    const { input, ink } = prepared;
    const width = input.width;
    // A box whose ink changed is re-read in this frame, so its text is never left uncovered.
    const changedBoxes: Box[] = [];
    for (const t of tracked) {
      if (!t.alive || t.snapshot === null) continue;
      if (inkChangeIn(ink, t.snapshot, t.word.box, width, thresholds.speck) < thresholds.minChange) {
        t.frames.add(f);
      } else if (t.word.proposed && inkCountIn(ink, t.word.box, width) >= MIN_BOX_INK) {
        // Text changing inside a box that is burned anyway (a clock) need not be read again; the
        // burn pads boxes by 2 px or more, so changes that close are burned too.
        t.frames.add(f);
        if (reference) adoptInk(reference, ink, grown(t.word.box, 2, width, input.height), width);
      } else {
        t.alive = false;
        changedBoxes.push(t.word.box);
      }
    }
    const add = (words: ReadWord[]): void => track(tracked, words, f, ink, width, true);
    const readWhole = async (): Promise<void> => {
      add(await frames.overlap(readFrameWords(ctx.pool, input, ctx.match, ctx.ocr)));
      stats.wholeReads++;
      reference = ink;
    };
    if (reference === null) {
      await readWhole();
      continue;
    }
    const changed = changedInk(ink, reference, width, input.height, thresholds.speck);
    const changedRegions = changed.count < thresholds.minChange && changedBoxes.length === 0 ? [] : textRegions([...changed.boxes, ...changedBoxes], width, input.height);
    if (changedRegions.reduce((a, r) => a + r.w * r.h, 0) > WHOLE_READ_SHARE * width * input.height) {
      await readWhole();
      continue;
    }
    // Where the ink only went away (text vanished), nothing at the extremes is left to read: the
    // region becomes the reference without a read (grey text there is the samples' job, item 5).
    const regions: Box[] = [];
    for (const region of changedRegions) {
      if (inkCountIn(ink, region, width) >= MIN_BOX_INK) regions.push(region);
      else adoptInk(reference, ink, region, width);
    }
    const read = await frames.overlap(Promise.all(regions.map((region) => readFrameWords(ctx.pool, input, ctx.match, ctx.ocr, region))));
    read.forEach((words, i) => {
      add(words);
      stats.regionReads++;
      adoptInk(reference as Uint8Array, ink, regions[i], width);
    });
  }
  await Promise.all(samples);
  if (sampleError !== undefined) throw sampleError;

  const words = tracked.map((t) => {
    if (t.snapshot === null && t.word.proposed) {
      // Grey text cannot be followed: it may have appeared just after the sample before its read
      // and last until just before the sample after it (which reads it again if it is still there),
      // so it is burned in every frame between those two samples.
      const before = sampleFrames.filter((g) => g < t.source);
      const after = sampleFrames.find((g) => g > t.source);
      for (let g = before.length ? before[before.length - 1] : 0; g < (after ?? n); g++) t.frames.add(g);
    }
    for (let g = 0; g < n; g++) if (duplicateOf[g] >= 0 && t.frames.has(duplicateOf[g])) t.frames.add(g);
    return { ...t.word, frames: [...t.frames].sort((a, b) => a - b) };
  });
  return { words, stats };
}

/**
 * Records the words read in frame `f`: a word already followed (same text, same place) gains the
 * frame; a new one is followed from here on when `follow` (its ink inside its box is the snapshot
 * later frames are compared with), else it stands for frame `f` alone.
 */
function track(tracked: Tracked[], words: readonly ReadWord[], f: number, ink: Uint8Array, width: number, follow: boolean): void {
  for (const word of words) {
    const same = tracked.find((t) => t.alive && t.word.text === word.text && boxIou(t.word.box, word.box) >= 0.5);
    if (same) {
      same.frames.add(f);
      continue;
    }
    const snapshot = inkSnapshot(ink, word.box, width);
    const inked = snapshot.reduce((a, b) => a + b, 0) >= MIN_BOX_INK;
    tracked.push({ word, frames: new Set([f]), snapshot: inked ? snapshot : null, alive: follow, source: f });
  }
}

function grown(box: Box, by: number, width: number, height: number): Box {
  const x = Math.max(0, box.x - by);
  const y = Math.max(0, box.y - by);
  return { x, y, w: Math.min(width, box.x + box.w + by) - x, h: Math.min(height, box.y + box.h + by) - y };
}

/** Ink thresholds from up to eight frames spread over the cine. */
async function sampleThresholds(seq: FrameSequence): Promise<InkThresholds> {
  const n = seq.count;
  const picks = new Set<number>();
  const count = Math.min(n, 8);
  for (let i = 0; i < count; i++) picks.add(Math.round((i * (n - 1)) / Math.max(1, count - 1)));
  const levels = [];
  for (const f of picks) levels.push(levelsOfFrame(seq.input(f, await seq.read(f, seq.encoded(f)))));
  return inkThresholds(levels);
}
