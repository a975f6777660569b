/**
 * Reads the burned-in text of one frame (or overlay plane): every preprocess variant goes through
 * the pool, boxes come back to source pixels, and readings of the same word from different
 * variants are merged into one rect that keeps the most confident text and the others as
 * alternatives, so a matcher can test every reading.
 */
import type { Box } from './grayImage';
import { boxIou } from './grayImage';
import type { OcrFrameInput } from './intensity';
import type { OcrVariant, OverlayPlane, PreprocessOptions, VariantKind } from './preprocess';
import { preprocessFrame, preprocessOverlay, toSourceBox } from './preprocess';
import type { OcrPool, OcrPriority } from './tesseractPool';

/** One word of burned-in text found in a frame or overlay: a row of the rect database. */
export interface OcrRect {
  /** In source pixels (the frame's, or the overlay plane's own for overlays). */
  box: Box;
  /** The most confident reading. */
  text: string;
  /** Confidence of `text`, 0-100. */
  confidence: number;
  /** Different readings of the same box by other variants. */
  alternatives: string[];
  /** The variants that saw this word. */
  variants: VariantKind[];
  /** Text line index (reading order), so words of "30 JAN 94" can be matched together. */
  line: number;
  /**
   * Seen by one grey view only, with low confidence or fewer than two letters or digits: most such
   * words are anatomy and noise, but a name read badly is still a name, so the caller keeps a weak
   * word only when it matches the patient's identifiers (`judgeWords`).
   */
  weak?: boolean;
}

/** Knobs for `ocrFrame` and `ocrOverlay`. */
interface OcrFrameOptions extends PreprocessOptions {
  signal?: AbortSignal;
  priority?: OcrPriority;
  /** Readings whose boxes overlap at least this much (IoU) are the same word; default 0.5. */
  mergeIou?: number;
  /**
   * A word seen only by one grey view (`full`/`display`, not confirmed by a text window or a
   * second view) is `weak` below this confidence or with fewer than two letters or digits; default
   * 60. Grey views also read anatomy and noise, which tesseract turns into short low-confidence
   * junk; text windows contain only candidate text, so their words are never weak (a name joined
   * by `^` can score 0 and still be the patient's).
   */
  minGreyConfidence?: number;
  /** Words less tall than this (source pixels) are dropped: no legible text is that small. Default 5. */
  minHeight?: number;
}

/** A word as read by one variant, already in source coordinates. */
interface VariantReading {
  text: string;
  confidence: number;
  box: Box;
  variant: VariantKind;
}

/** OCRs one decoded frame; resolves to its words in source coordinates, in reading order. */
export async function ocrFrame(pool: OcrPool, frame: OcrFrameInput, opts: OcrFrameOptions = {}): Promise<OcrRect[]> {
  const readings = await readVariants(pool, preprocessFrame(frame, opts), frame.width, frame.height, opts);
  return assignLines(markWeak(mergeReadings(readings, opts.mergeIou), opts));
}

/** OCRs one overlay plane; boxes are in the plane's own coordinates (add Overlay Origin for the frame's). */
export async function ocrOverlay(pool: OcrPool, plane: OverlayPlane, opts: OcrFrameOptions = {}): Promise<OcrRect[]> {
  const readings = await readVariants(pool, preprocessOverlay(plane, opts), plane.width, plane.height, opts);
  return assignLines(markWeak(mergeReadings(readings, opts.mergeIou), opts));
}

const HAS_ALNUM = /[\p{L}\p{N}]/u;
const ALNUM = /[\p{L}\p{N}]/gu;

async function readVariants(
  pool: OcrPool,
  variants: OcrVariant[],
  width: number,
  height: number,
  opts: OcrFrameOptions,
): Promise<VariantReading[]> {
  const perVariant = await Promise.all(
    variants.map(async (variant) => {
      const words = await pool.recognize(variant.image, opts.signal, opts.priority);
      const readings: VariantReading[] = [];
      for (const word of words) {
        // Punctuation-only "words" are what tesseract makes of specks and edges.
        if (!HAS_ALNUM.test(word.text)) continue;
        const box = clampBox(toSourceBox(variant, word.box), width, height);
        if (box.w <= 0 || box.h <= 0) continue;
        readings.push({ text: word.text, confidence: word.confidence, box, variant: variant.kind });
      }
      return readings;
    }),
  );
  return perVariant.flat();
}

const GREY_VIEWS: readonly VariantKind[] = ['full', 'display'];

/** Drops words too small to be legible and marks the weak ones (see `OcrRect.weak`). */
function markWeak(rects: OcrRect[], opts: OcrFrameOptions): OcrRect[] {
  const minGrey = opts.minGreyConfidence ?? 60;
  const minHeight = opts.minHeight ?? 5;
  return rects
    .filter((rect) => rect.box.h >= minHeight)
    .map((rect) => {
      const greyOnly = rect.variants.length === 1 && GREY_VIEWS.includes(rect.variants[0]);
      const weak = greyOnly && (rect.confidence < minGrey || (rect.text.match(ALNUM) ?? []).length < 2);
      return weak ? { ...rect, weak } : rect;
    });
}

function clampBox(box: Box, width: number, height: number): Box {
  const x0 = Math.max(0, box.x);
  const y0 = Math.max(0, box.y);
  const x1 = Math.min(width, box.x + box.w);
  const y1 = Math.min(height, box.y + box.h);
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** Merges readings of the same word (box IoU >= `iou`), keeping the most confident text; `line` is left -1. */
export function mergeReadings(readings: readonly VariantReading[], iou = 0.5): OcrRect[] {
  const sorted = [...readings].sort((a, b) => b.confidence - a.confidence);
  const kept: OcrRect[] = [];
  for (const reading of sorted) {
    const same = kept.find((rect) => boxIou(rect.box, reading.box) >= iou);
    if (same) {
      if (reading.text !== same.text && !same.alternatives.includes(reading.text)) same.alternatives.push(reading.text);
      if (!same.variants.includes(reading.variant)) same.variants.push(reading.variant);
      continue;
    }
    kept.push({ box: reading.box, text: reading.text, confidence: reading.confidence, alternatives: [], variants: [reading.variant], line: -1 });
  }
  return kept;
}

/**
 * Numbers the text lines and sorts words in reading order. Words belong to one line when they
 * overlap vertically by half the smaller height and the gap between them is at most twice the
 * taller height (wide enough for the double spaces consoles put between fields, narrow enough to
 * keep separate corner labels apart).
 */
export function assignLines(rects: readonly OcrRect[]): OcrRect[] {
  const byX = [...rects].sort((a, b) => a.box.x - b.box.x);
  const parent = byX.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (let i = 0; i < byX.length; i++) {
    for (let j = i + 1; j < byX.length; j++) {
      const a = byX[i].box;
      const b = byX[j].box;
      const overlap = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
      const gap = b.x - (a.x + a.w);
      if (overlap >= 0.5 * Math.min(a.h, b.h) && gap <= 2 * Math.max(a.h, b.h)) parent[find(j)] = find(i);
    }
  }
  const groups = new Map<number, OcrRect[]>();
  byX.forEach((rect, i) => {
    const root = find(i);
    const group = groups.get(root) ?? [];
    group.push(rect);
    groups.set(root, group);
  });
  const lines = [...groups.values()].sort((a, b) => top(a) - top(b) || a[0].box.x - b[0].box.x);
  const out: OcrRect[] = [];
  lines.forEach((line, index) => {
    for (const rect of line) out.push({ ...rect, line: index });
  });
  return out;
}

function top(line: OcrRect[]): number {
  return Math.min(...line.map((r) => r.box.y));
}
