/**
 * Finding the text of one picture: detect first, independent of reading; then read each region
 * found; then let the judge explain it. What the judge cannot explain is burned, whether it could
 * be read or not: a region is kept only when the judge keeps it.
 *
 * A grey frame is looked at through more than one view (its display window and its full range), so
 * text drawn at a grey level one window clips is still found; regions found in several views are
 * one region (boxes merged, so the burn covers what every view saw).
 */
import { createHash } from 'node:crypto';
import type { Box } from './grayImage';
import { boxIntersection } from './grayImage';
import type { DetectedRegion, LineRecognizer, RecognizedLine, TextDetector, TextImage } from './textEngines';

/** The engines the finder uses: one detector, one recogniser. */
export interface FindEngines {
  detector: TextDetector;
  recognizer: LineRecognizer;
}

/** What the judge says of a line: keep it (every word explained as harmless) or burn it, and why. */
interface LineJudgement {
  keep: boolean;
  reason: string;
  /**
   * Burn only from this image x on (the value after a field label such as `Name:`); the part before
   * it is kept. Absent: the whole region is burned (or kept).
   */
  from?: number;
}

/** Explains one read line; see `phi/` for the project's judge. */
export type JudgeLine = (line: RecognizedLine, region: DetectedRegion) => LineJudgement;

/** A text region found in a picture, as read and judged. */
export interface FoundText extends Box {
  text: string;
  confidence: number;
  /** The detector's score, 0–1. */
  score: number;
  keep: boolean;
  reason: string;
}

/** Per-call knobs. */
export interface FindOptions {
  signal?: AbortSignal;
  priority?: 'interactive' | 'batch' | 'background';
  /**
   * Reads already made, by the hash of a region's pixels: the same text in the same place on the
   * next frame of a cine or the next slice of a series is not read again.
   */
  reads?: Map<string, RecognizedLine>;
}

/** A step between two characters this many times the line's usual step is a space the model left out. */
const SPACE_STEP = 1.6;

/**
 * The line with the spaces the recogniser left out put back, from where its characters sit: a
 * step between two characters much longer than the line's usual step is a word break (`SE3` read
 * from `SE 3`, `EXAMINATIONREPORT`). Lines without positions are returned as they are.
 */
export function spaceByGaps(line: RecognizedLine): RecognizedLine {
  const chars = line.chars;
  if (chars.length < 3) return line;
  const centre = (i: number): number => (chars[i].x0 + chars[i].x1) / 2;
  const steps: number[] = [];
  for (let i = 1; i < chars.length; i++) if (chars[i].text.trim() && chars[i - 1].text.trim()) steps.push(centre(i) - centre(i - 1));
  if (steps.length < 2) return line;
  // The lower median: with one gap in a short line the usual step is the other one.
  const usual = [...steps].sort((a, b) => a - b)[Math.floor((steps.length - 1) / 2)];
  if (!(usual > 0)) return line;
  const out: RecognizedLine['chars'] = [chars[0]];
  for (let i = 1; i < chars.length; i++) {
    const prev = chars[i - 1];
    const gap = centre(i) - centre(i - 1);
    if (prev.text.trim() && chars[i].text.trim() && gap > SPACE_STEP * usual) {
      out.push({ text: ' ', x0: prev.x1, x1: chars[i].x0 });
    }
    out.push(chars[i]);
  }
  if (out.length === chars.length) return line;
  return { ...line, text: out.map((c) => c.text).join(''), chars: out };
}

/** Regions found in several views are one region when they overlap this much (of the smaller). */
const SAME_REGION = 0.5;

/** Unions boxes found in several views of one picture into one list of regions. */
export function mergeRegions(lists: readonly (readonly DetectedRegion[])[]): { region: DetectedRegion; view: number }[] {
  const merged: { region: DetectedRegion; view: number }[] = [];
  lists.forEach((regions, view) => {
    for (const r of regions) {
      const same = merged.find((m) => boxIntersection(m.region, r) >= SAME_REGION * Math.min(m.region.w * m.region.h, r.w * r.h));
      if (!same) {
        merged.push({ region: { ...r }, view });
        continue;
      }
      const x = Math.min(same.region.x, r.x);
      const y = Math.min(same.region.y, r.y);
      const right = Math.max(same.region.x + same.region.w, r.x + r.w);
      const bottom = Math.max(same.region.y + same.region.h, r.y + r.h);
      // The better view reads it; the box covers what either saw.
      if (r.score > same.region.score) same.view = view;
      same.region = { x, y, w: right - x, h: bottom - y, score: Math.max(same.region.score, r.score), vertical: same.region.vertical || r.vertical };
    }
  });
  return merged;
}

/** A hash of the pixels of `box` in `image` (with the box itself): equal hashes, equal reads. */
function regionKey(image: TextImage, box: Box): string {
  const h = createHash('sha1');
  h.update(`${box.x},${box.y},${box.w},${box.h},${image.channels}|`);
  const row = image.width * image.channels;
  for (let y = box.y; y < box.y + box.h; y++) {
    const from = y * row + box.x * image.channels;
    h.update(image.data.subarray(from, from + box.w * image.channels));
  }
  return h.digest('hex');
}

/**
 * Finds, reads and judges the text of one picture seen through `views` (all the same size).
 * Every region the detector finds is returned: kept or burned, never dropped.
 */
export async function findText(views: readonly TextImage[], engines: FindEngines, judge: JudgeLine, opts: FindOptions = {}): Promise<FoundText[]> {
  if (views.length === 0) return [];
  const detected: DetectedRegion[][] = [];
  for (const view of views) {
    opts.signal?.throwIfAborted();
    detected.push(await engines.detector.detect(view, { signal: opts.signal, priority: opts.priority }));
  }
  const regions = mergeRegions(detected);
  const out: FoundText[] = [];
  const todo: { index: number; key: string }[] = [];
  const lines: (RecognizedLine | undefined)[] = regions.map(({ region, view }, index) => {
    const key = regionKey(views[view], region);
    const known = opts.reads?.get(key);
    if (!known) todo.push({ index, key });
    return known;
  });
  // One batch per view: the recogniser reads every new region of a view at once.
  for (let view = 0; view < views.length; view++) {
    const mine = todo.filter((t) => regions[t.index].view === view);
    if (mine.length === 0) continue;
    const read = await engines.recognizer.recognizeMany(views[view], mine.map((t) => regions[t.index].region), { signal: opts.signal, priority: opts.priority });
    mine.forEach((t, i) => {
      const line = spaceByGaps(read[i]);
      lines[t.index] = line;
      opts.reads?.set(t.key, line);
    });
  }
  regions.forEach(({ region }, i) => {
    const line = lines[i] as RecognizedLine;
    const verdict = judge(line, region);
    const base = { y: region.y, h: region.h, score: region.score, text: line.text, confidence: line.confidence };
    const from = verdict.from === undefined ? undefined : Math.round(verdict.from);
    if (!verdict.keep && from !== undefined && from > region.x && from < region.x + region.w) {
      // The label stays; what follows it is burned (the label's box is explained for the verify pass).
      out.push({ ...base, x: region.x, w: from - region.x, keep: true, reason: 'field label' });
      out.push({ ...base, x: from, w: region.x + region.w - from, keep: false, reason: verdict.reason });
      return;
    }
    out.push({ ...base, x: region.x, w: region.w, keep: verdict.keep, reason: verdict.reason });
  });
  return spareKeptNeighbours(out);
}

/** How close (pixels) a kept line may sit above or below a burned one before the burn stops short of it. */
const NEIGHBOUR_GAP = 2;

/**
 * The detector's boxes reach a pixel or two beyond a line's ink, so on a tight layout the burn of a
 * line can take the top row of the harmless line below it (`TIS 0.4` under the patient's name).
 * A burned box stops {@link NEIGHBOUR_GAP} pixels short of a kept line that starts (or ends) within
 * that distance of it; what stays of the burned line's ink is what the verify pass then checks.
 */
function spareKeptNeighbours(found: FoundText[]): FoundText[] {
  const kept = found.filter((f) => f.keep);
  return found.map((b) => {
    if (b.keep) return b;
    let top = b.y;
    let bottom = b.y + b.h;
    for (const k of kept) {
      if (k.x >= b.x + b.w || b.x >= k.x + k.w) continue;
      if (k.y >= bottom - NEIGHBOUR_GAP && k.y <= bottom + NEIGHBOUR_GAP && k.y > b.y + b.h / 2) bottom = Math.min(bottom, k.y - NEIGHBOUR_GAP);
      const end = k.y + k.h;
      if (end <= top + NEIGHBOUR_GAP && end >= top - NEIGHBOUR_GAP && end < b.y + b.h / 2) top = Math.max(top, end + NEIGHBOUR_GAP);
    }
    // Never shrink a line's box by more than a quarter: a deeper overlap is not a neighbour.
    if (bottom - top < b.h * 0.75) return b;
    return top === b.y && bottom === b.y + b.h ? b : { ...b, y: top, h: bottom - top };
  });
}
