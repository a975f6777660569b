/**
 * The pixel scorer of issue 9: given the generated input tree, the de-identified output tree (each
 * input matched to its output by the run report's `files[].output`) and the truth, it scores every
 * string. A PHI string passes when at most 10 % of its ink is left and the reference (native
 * tesseract at 3x, ./cropOcr.ts) reads none of what it could read in the input; a harmless string
 * passes when its output holds at least 90 % of its ink and the reference still reads it where it
 * read it in the input (or it holds 99 % of its ink, as readable as it was). An image that was not
 * written leaks nothing and keeps nothing.
 */
import { join, resolve } from 'node:path';
import type { FileOutcome } from '../../src/shared/runSummary';
import type { TruthImage, TruthString } from '../fixtures/textTruth/truth';
import { readCrops, type CropRequest } from './cropOcr';
import { countInk, type InkPlane } from './inkLeft';
import { openScoredImage, pixelClaims, type PixelClaims, type ScoredImage } from './truthPixels';

/** The acceptance's thresholds. */
export const PHI_INK_LEFT_MAX = 0.1;
export const KEEP_INK_LEFT_MIN = 0.9;
/** A harmless string holding this much of its ink is kept whatever the reference reads. */
const KEEP_INK_WHOLE = 0.99;
/** Above this much ink left, a PHI string counts as shown even if the reference misreads it. */
const SHOWN_INK_LEFT = 0.5;

/** One string's score. */
export interface StringScore {
  family: string;
  path: string;
  text: string;
  kind: TruthString['kind'];
  identifier?: string;
  /** Fraction of its ink the output still holds (0 when the image was not written). */
  inkLeft: number;
  /** The reference read it (or, for PHI, one of its words) in the input on a sampled frame. */
  readableIn: boolean;
  /** ... and in the output, where it read it in the input. */
  readableOut: boolean;
  /** The run's status for the image (written, withheld, failed...). */
  status: string;
  /** PHI: made unreadable. Keep: kept intact and readable. */
  pass: boolean;
}

/** An output that still shows PHI although its header says its pixels are clean. */
interface CleanLabelLeak {
  path: string;
  output: string;
  claims: PixelClaims;
  shown: string[];
}

/** Totals of a family, or of everything. */
export interface ScoreTotals {
  phi: number;
  phiUnreadable: number;
  /** PHI strings the reference reads in the input (the family is fair when this equals `phi`). */
  phiReadableIn: number;
  keep: number;
  kept: number;
  images: number;
  withheld: number;
  cleanLabelLeaks: number;
}

/** The whole score. */
export interface TruthScore {
  strings: StringScore[];
  families: Map<string, ScoreTotals>;
  overall: ScoreTotals;
  cleanLabelLeaks: CleanLabelLeak[];
}

/** Letters and digits only, upper case. */
function squash(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/**
 * What would show a PHI string: the whole of it, or any one word long enough not to be read by
 * chance (four characters, or three letters), since burning only part of a name still leaks it.
 */
function phiNeedles(text: string): string[] {
  const words = text.split(/[^\p{L}\p{N}]+/u).map(squash).filter((w) => w.length >= 4 || /^[A-Z]{3}$/.test(w));
  return [...new Set([text, ...words])];
}

/** Letters and digits, upper case, with the glyphs OCR confuses folded together (O/0, I/L/1, S/5, B/8). */
function folded(text: string): string {
  return squash(text).replace(/O/g, '0').replace(/[IL]/g, '1').replace(/S/g, '5').replace(/B/g, '8');
}

/** The fewest edits that turn `needle` into some substring of `hay` (Sellers' approximate matching). */
function substringDistance(hay: string, needle: string): number {
  let previous = new Array<number>(hay.length + 1).fill(0);
  for (let i = 1; i <= needle.length; i++) {
    const current = [i];
    for (let j = 1; j <= hay.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (needle[i - 1] === hay[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return Math.min(...previous);
}

/**
 * True when the reference's text shows `needle`: on one line or across its lines, with the glyphs
 * OCR confuses folded (`2O23.01.2O` drawn is read as `2023.01.20`, and that is reading it) and one
 * edit allowed per five characters (the reference has its own errors; a string read with them was
 * still read).
 */
function readsNeedle(text: string, needle: string): boolean {
  const n = folded(needle);
  if (n === '') return false;
  const lines = text.split('\n').map(folded).filter((l) => l !== '');
  const budget = Math.floor(n.length / 5);
  return [...lines, lines.join('')].some((line) => substringDistance(line, n) <= budget);
}

/** Up to three frames of a string to read: first, middle, last. */
function sampledFrames(s: TruthString): number[] {
  const f = s.frames;
  return [...new Set([f[0], f[Math.floor((f.length - 1) / 2)], f[f.length - 1]])].filter((x) => x !== undefined);
}

/** The plane a string's ink is in, for one frame of an opened image. */
function planeOf(image: ScoredImage | undefined, s: TruthString, frame: number): InkPlane | undefined {
  if (!image) return undefined;
  if (s.plane === 'overlay') return image.overlay ? { data: image.overlay, width: image.columns, height: image.rows, samplesPerPixel: 1 } : undefined;
  const f = image.frames.get(frame);
  return f ? { data: f.decoded.data, width: f.decoded.width, height: f.decoded.height, samplesPerPixel: f.decoded.samplesPerPixel } : undefined;
}

/** The 8-bit picture the reference reads: the frame as shown, or the overlay's bits as white on black. */
function pictureOf(image: ScoredImage | undefined, s: TruthString, frame: number): CropRequest['picture'] | undefined {
  if (!image) return undefined;
  if (s.plane === 'overlay') {
    if (!image.overlay) return undefined;
    return { data: image.overlay.map((b) => (b ? 255 : 0)), width: image.columns, height: image.rows, channels: 1 };
  }
  return image.frames.get(frame)?.picture;
}

const EMPTY_TOTALS = (): ScoreTotals => ({ phi: 0, phiUnreadable: 0, phiReadableIn: 0, keep: 0, kept: 0, images: 0, withheld: 0, cleanLabelLeaks: 0 });

/** A pending read: which string, which frame, input or output. */
interface PendingRead {
  string: number;
  side: 'in' | 'out';
  frame: number;
  request: CropRequest;
}

/** Scores a run of `truth` (written under `inputRoot`) whose outputs are under `outputRoot`. */
export async function scoreTextTruth(o: { inputRoot: string; outputRoot: string; outcomes: readonly FileOutcome[]; truth: readonly TruthImage[] }): Promise<TruthScore> {
  const strings: StringScore[] = [];
  const truthOf: TruthString[] = [];
  const reads_: PendingRead[] = [];
  const images: { truth: TruthImage; output?: string; status: string; first: number }[] = [];
  for (const t of o.truth) {
    const input = resolve(o.inputRoot, t.path);
    const outcome = o.outcomes.find((x) => resolve(x.path) === input);
    const output = outcome?.output ? join(o.outputRoot, outcome.output) : undefined;
    const frames = t.strings.flatMap((s) => s.frames);
    const before = await openScoredImage(input, frames);
    const after = output ? await openScoredImage(output, frames) : undefined;
    images.push({ truth: t, output, status: outcome?.status ?? 'missing', first: strings.length });
    for (const s of t.strings) {
      let ink = 0;
      let left = 0;
      s.frames.forEach((f, i) => {
        const inPlane = planeOf(before, s, f);
        if (!inPlane) throw new Error(`${t.path}: the input has no frame ${f}`);
        const c = countInk(inPlane, planeOf(after, s, f), s.masks[i]);
        ink += c.ink;
        left += c.left;
      });
      const index = strings.length;
      truthOf.push(s);
      strings.push({
        family: t.family, path: t.path, text: s.text, kind: s.kind, ...(s.identifier ? { identifier: s.identifier } : {}),
        inkLeft: ink === 0 ? 0 : left / ink, readableIn: false, readableOut: false, status: outcome?.status ?? 'missing', pass: false,
      });
      for (const f of sampledFrames(s)) {
        const i = s.frames.indexOf(f);
        const box = s.boxes[i];
        const pin = pictureOf(before, s, f);
        if (pin) reads_.push({ string: index, side: 'in', frame: f, request: { picture: pin, box, rotate: s.rotate } });
        const pout = pictureOf(after, s, f);
        if (pout) reads_.push({ string: index, side: 'out', frame: f, request: { picture: pout, box, rotate: s.rotate } });
      }
    }
  }
  const texts = await readCrops(reads_.map((r) => r.request));
  // Per string and frame: which needles the input shows, then whether the output shows any of them.
  const seenIn = new Map<string, string[]>();
  reads_.forEach((r, k) => {
    if (r.side !== 'in') return;
    const s = truthOf[r.string];
    const text = s.frameTexts ? s.frameTexts[s.frames.indexOf(r.frame)] : s.text;
    const needles = s.kind === 'phi' ? phiNeedles(text) : [text];
    const found = needles.filter((n) => readsNeedle(texts[k], n));
    seenIn.set(`${r.string}:${r.frame}`, found);
    if (found.length) strings[r.string].readableIn = true;
  });
  reads_.forEach((r, k) => {
    if (r.side !== 'out') return;
    const found = seenIn.get(`${r.string}:${r.frame}`) ?? [];
    if (found.some((n) => readsNeedle(texts[k], n))) strings[r.string].readableOut = true;
  });
  // Keep strings are judged on every sampled frame the input shows them: one lost frame loses them.
  const keptEverywhere = new Map<number, boolean>();
  reads_.forEach((r, k) => {
    if (r.side !== 'out' || strings[r.string].kind !== 'keep') return;
    const found = seenIn.get(`${r.string}:${r.frame}`) ?? [];
    if (found.length && !found.every((n) => readsNeedle(texts[k], n))) keptEverywhere.set(r.string, false);
  });
  strings.forEach((s, i) => {
    const written = images.some((im) => im.truth.path === s.path && im.output !== undefined);
    if (s.kind === 'phi') s.pass = !written || (s.inkLeft <= PHI_INK_LEFT_MAX && !s.readableOut);
    // Ink held whole is as readable as it was: the reference's misses on short strings are its own noise.
    else s.pass = written && s.inkLeft >= KEEP_INK_LEFT_MIN && (!s.readableIn || s.inkLeft >= KEEP_INK_WHOLE || (s.readableOut && keptEverywhere.get(i) !== false));
  });
  const cleanLabelLeaks: CleanLabelLeak[] = [];
  for (const im of images) {
    if (!im.output) continue;
    const mine = strings.slice(im.first, im.first + im.truth.strings.length);
    const shown = mine.filter((s) => s.kind === 'phi' && (s.readableOut || s.inkLeft > SHOWN_INK_LEFT)).map((s) => s.text);
    const claims = pixelClaims(im.output);
    if (shown.length && (claims.cleanPixelData || claims.burnedInAnnotation === 'NO')) cleanLabelLeaks.push({ path: im.truth.path, output: im.output, claims, shown });
  }
  const families = new Map<string, ScoreTotals>();
  const overall = EMPTY_TOTALS();
  for (const im of images) {
    const totals = families.get(im.truth.family) ?? EMPTY_TOTALS();
    families.set(im.truth.family, totals);
    for (const t of [totals, overall]) {
      t.images++;
      if (!im.output) t.withheld++;
      if (cleanLabelLeaks.some((l) => l.path === im.truth.path)) t.cleanLabelLeaks++;
    }
  }
  for (const s of strings) {
    for (const t of [families.get(s.family) as ScoreTotals, overall]) {
      if (s.kind === 'phi') {
        t.phi++;
        if (s.pass) t.phiUnreadable++;
        if (s.readableIn) t.phiReadableIn++;
      } else {
        t.keep++;
        if (s.pass) t.kept++;
      }
    }
  }
  return { strings, families, overall, cleanLabelLeaks };
}
