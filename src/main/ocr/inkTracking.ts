/**
 * "Ink" for following burned-in text through the frames of a cine: the pixels at the extremes of
 * the image's value range, which is where modalities draw annotations and what the OCR's text
 * windows read. Comparing ink masks between frames tells where text may have changed without
 * reading it; the OCR is only paid where it did.
 */
import { forEachComponent } from './connectedComponents';
import type { Box } from './grayImage';
import { intensityPlane, type IntensityPlane, type OcrFrameInput } from './intensity';

/** Ink thresholds on the intensity plane, fixed for a whole image, and how much change counts. */
export interface InkThresholds {
  /** Values at or above are bright ink. */
  hi: number;
  /** Values at or below are dark ink; null when the dark end is background, not text. */
  lo: number | null;
  /**
   * Changed-ink components smaller than this are noise. 1 when ink is an exact plateau (nothing
   * but text reaches it, and one digit turning into another can differ by a few lone pixels); a
   * few pixels when ink is a band that noise flickers in and out of.
   */
  speck: number;
  /** Fewer changed pixels than this (in components of `speck` or more) are no change. */
  minChange: number;
}

/** Width of the ink band, as a fraction of the value range (lossy codecs smear a plateau over a few levels). */
const BAND = 0.06;
/** A dark band holding more than this fraction of a frame is background (air, collimation), not text. */
const DARK_MAX_FRACTION = 0.05;
/** Noise allowance of band ink: components under SPECK px, changes under MIN_CHANGE px in all. */
const SPECK = 4;
const MIN_CHANGE = 6;

/** Pixel counts at and near the extremes of a value range, for one frame. */
interface LevelCounts {
  atMax: number;
  /** Pixels at max - 1, max - 2, max - 3 (integer-valued samples). */
  belowMax: number[];
  atMin: number;
  /** Pixels at min + 1, min + 2, min + 3 within the band above the minimum. */
  aboveMinLevels: number[];
  /** Pixels within the band above the minimum (the minimum included). */
  nearMin: number;
  /** Pixels in the band above that one. */
  aboveMin: number;
}

/** The brightness levels of one frame, as `inkThresholds` reads them. */
interface FrameLevels {
  min: number;
  max: number;
  pixels: number;
  /** Counts against the range [`min`, `max`] of all the frames sampled, with the given band. */
  counts(min: number, max: number, band: number): LevelCounts;
}

/** The levels of an intensity plane (any values, integer or not). */
export function levelsOfPlane(p: IntensityPlane): FrameLevels {
  return {
    min: p.min,
    max: p.max,
    pixels: p.values.length,
    counts(min, max, band) {
      const c: LevelCounts = { atMax: 0, belowMax: [0, 0, 0], atMin: 0, aboveMinLevels: [0, 0, 0], nearMin: 0, aboveMin: 0 };
      for (let i = 0; i < p.values.length; i++) {
        const v = p.values[i];
        if (v === max) c.atMax++;
        else if (v >= max - 3 && Number.isInteger(max - v)) c.belowMax[max - v - 1]++;
        if (v <= min + band) {
          c.nearMin++;
          if (v === min) c.atMin++;
          else if (v <= min + 3 && Number.isInteger(v - min)) c.aboveMinLevels[v - min - 1]++;
        } else if (v <= min + 2 * band) {
          c.aboveMin++;
        }
      }
      return c;
    },
  };
}

/**
 * The levels of a frame: from a histogram of its samples for grey 8/16-bit frames (the common
 * case, without building an intensity plane), else from its intensity plane. Same counts either way.
 */
export function levelsOfFrame(frame: OcrFrameInput): FrameLevels {
  const { data } = frame;
  const photometric = frame.photometric.toUpperCase();
  if (!unsignedGrey(frame)) return levelsOfPlane(intensityPlane(frame));
  const n = frame.width * frame.height;
  const hist = new Int32Array(data instanceof Uint8Array ? 256 : 65536);
  const mask = storedMask(frame);
  for (let i = 0; i < n; i++) hist[data[i] & mask]++;
  let lowest = 0;
  while (hist[lowest] === 0) lowest++;
  let highest = hist.length - 1;
  while (hist[highest] === 0) highest--;
  // Brightness is the sample value, negated for MONOCHROME1 (as in intensityPlane).
  const negate = photometric === 'MONOCHROME1';
  const at = (v: number): number => {
    const sample = negate ? -v : v;
    return Number.isInteger(sample) && sample >= 0 && sample < hist.length ? hist[sample] : 0;
  };
  const sumRange = (from: number, to: number): number => {
    let total = 0;
    for (let v = Math.ceil(from); v <= to; v++) total += at(v);
    return total;
  };
  return {
    min: negate ? -highest : lowest,
    max: negate ? -lowest : highest,
    pixels: n,
    counts(min, max, band) {
      const near = sumRange(min, min + band);
      const withinNear = (v: number): number => (v <= min + band ? at(v) : 0);
      return {
        atMax: at(max),
        belowMax: [at(max - 1), at(max - 2), at(max - 3)],
        atMin: withinNear(min),
        aboveMinLevels: [withinNear(min + 1), withinNear(min + 2), withinNear(min + 3)],
        nearMin: near,
        aboveMin: sumRange(Math.floor(min + band) + 1, min + 2 * band),
      };
    },
  };
}

/**
 * Thresholds from a few frames of the image. Text drawn losslessly sits on an exact plateau (the
 * maximum, or the minimum), a spike in the histogram: then only the plateau is ink. Lossy codecs
 * smear text over the top few levels: then the whole band is. A dark end holding much of the
 * frame is background, not text.
 */
export function inkThresholds(frames: readonly FrameLevels[]): InkThresholds {
  let min = Infinity;
  let max = -Infinity;
  for (const p of frames) {
    if (p.min < min) min = p.min;
    if (p.max > max) max = p.max;
  }
  if (!Number.isFinite(min) || max <= min) return { hi: Infinity, lo: null, speck: 1, minChange: 1 };
  const band = BAND * (max - min);
  const counts = frames.map((p) => p.counts(min, max, band));
  const sum = (f: (c: LevelCounts) => number): number => counts.reduce((a, c) => a + f(c), 0);
  // Text drawn losslessly at an extreme is a spike there: far more pixels at the extreme than at
  // the levels next to it, which anatomy fills about evenly. Lossy codecs smear that spike out.
  const spike = (at: number, next: number): boolean => at >= MIN_CHANGE && at >= 2 * next;
  const brightPlateau = spike(sum((c) => c.atMax), Math.max(...[0, 1, 2].map((k) => sum((c) => c.belowMax[k]))));
  const hi = brightPlateau ? max : max - band;
  // Dark text leaves a gap above it; a noise floor or clipped background runs on into the levels above.
  const darkIsRare = frames.every((p, i) => counts[i].nearMin <= DARK_MAX_FRACTION * p.pixels && counts[i].aboveMin <= 0.25 * counts[i].nearMin);
  const darkPlateau = spike(sum((c) => c.atMin), Math.max(...[0, 1, 2].map((k) => sum((c) => c.aboveMinLevels[k]))));
  const lo = !darkIsRare ? null : darkPlateau ? min : min + band;
  const exact = brightPlateau && (lo === null || darkPlateau);
  return { hi, lo, speck: exact ? 1 : SPECK, minChange: exact ? 2 : MIN_CHANGE };
}

/**
 * The ink mask of one frame straight from its samples, without building the intensity plane for
 * the common layouts (grey integers within their container, 8-bit RGB); other layouts go through
 * `intensityPlane`. Same result either way.
 */
export function inkMaskOfFrame(frame: OcrFrameInput, t: InkThresholds): Uint8Array {
  const { data, width, height } = frame;
  const n = width * height;
  const photometric = frame.photometric.toUpperCase();
  const integer = !(data instanceof Float32Array || data instanceof Float64Array);
  const fullRange = integer && frame.bitsStored >= data.BYTES_PER_ELEMENT * 8;
  const lo = t.lo ?? -Infinity;
  const grey = photometric === 'MONOCHROME2' || photometric === 'MONOCHROME1';
  if (unsignedGrey(frame)) {
    // The common case: a table lookup per sample.
    const out = new Uint8Array(n);
    const table = inkTable(data instanceof Uint8Array ? 256 : 65536, storedMask(frame), photometric === 'MONOCHROME1', t);
    if (data instanceof Uint8Array) for (let i = 0; i < n; i++) out[i] = table[data[i]];
    else for (let i = 0; i < n; i++) out[i] = table[data[i]];
    return out;
  }
  if (frame.samplesPerPixel === 1 && integer && (fullRange || !frame.signed) && grey) {
    // Decoded samples are already masked to Bits Stored; MONOCHROME1 brightness is the negated value.
    const out = new Uint8Array(n);
    if (photometric === 'MONOCHROME1') {
      for (let i = 0; i < n; i++) {
        const v = -data[i];
        out[i] = v >= t.hi || v <= lo ? 1 : 0;
      }
    } else {
      for (let i = 0; i < n; i++) {
        const v = data[i];
        out[i] = v >= t.hi || v <= lo ? 1 : 0;
      }
    }
    return out;
  }
  if (frame.samplesPerPixel === 3 && data instanceof Uint8Array && photometric === 'RGB') {
    const out = new Uint8Array(n);
    for (let i = 0, j = 0; i < n; i++, j += 3) {
      const a = data[j];
      const b = data[j + 1];
      const c = data[j + 2];
      const v = a > b ? (a > c ? a : c) : b > c ? b : c;
      out[i] = v >= t.hi || v <= lo ? 1 : 0;
    }
    return out;
  }
  return inkMask(intensityPlane(frame), t);
}

/** Grey frames of unsigned 8- or 16-bit samples, which ink and levels read by table. */
function unsignedGrey(frame: OcrFrameInput): frame is OcrFrameInput & { data: Uint8Array | Uint16Array } {
  const photometric = frame.photometric.toUpperCase();
  return frame.samplesPerPixel === 1 && !frame.signed && (photometric === 'MONOCHROME2' || photometric === 'MONOCHROME1') &&
    (frame.data instanceof Uint8Array || frame.data instanceof Uint16Array);
}

/** The bits of a sample that Bits Stored keeps (samples may be raw stored words). */
function storedMask(frame: OcrFrameInput & { data: Uint8Array | Uint16Array }): number {
  const bits = Math.min(frame.bitsStored, frame.data.BYTES_PER_ELEMENT * 8);
  return 2 ** bits - 1;
}

/**
 * Ink (1) or not (0) for every sample word below `size`, masked to the stored bits; brightness is
 * negated for MONOCHROME1.
 */
function inkTable(size: number, mask: number, negate: boolean, t: InkThresholds): Uint8Array {
  const key = `${size}:${mask}:${negate}`;
  let tables = inkTables.get(t);
  if (!tables) inkTables.set(t, (tables = new Map()));
  let table = tables.get(key);
  if (!table) {
    const lo = t.lo ?? -Infinity;
    table = new Uint8Array(size);
    for (let v = 0; v < size; v++) {
      const b = negate ? -(v & mask) : v & mask;
      table[v] = b >= t.hi || b <= lo ? 1 : 0;
    }
    tables.set(key, table);
  }
  return table;
}
const inkTables = new WeakMap<InkThresholds, Map<string, Uint8Array>>();

/** The ink mask of one frame (1 = ink). */
export function inkMask(plane: IntensityPlane, t: InkThresholds): Uint8Array {
  const out = new Uint8Array(plane.values.length);
  const v = plane.values;
  const lo = t.lo ?? -Infinity;
  for (let i = 0; i < v.length; i++) out[i] = v[i] >= t.hi || v[i] <= lo ? 1 : 0;
  return out;
}

/** Connected components (8-connected) of `mask` with at least `minSize` pixels: their boxes and pixel count. */
function componentBoxes(mask: Uint8Array, width: number, height: number, minSize: number): { boxes: Box[]; count: number } {
  const boxes: Box[] = [];
  let count = 0;
  forEachComponent(mask, width, height, (pixels, box) => {
    if (pixels.length < minSize) return;
    count += pixels.length;
    boxes.push(box);
  });
  return { boxes, count };
}

/** Where `ink` differs from `reference`, ignoring specks: the changed components and their pixel count. */
export function changedInk(ink: Uint8Array, reference: Uint8Array, width: number, height: number, speck: number): { boxes: Box[]; count: number } {
  // Most frames of a cine repeat the reference's ink exactly: a native compare settles those.
  if (Buffer.from(ink.buffer, ink.byteOffset, ink.length).equals(Buffer.from(reference.buffer, reference.byteOffset, reference.length))) return { boxes: [], count: 0 };
  const diff = new Uint8Array(ink.length);
  for (let i = 0; i < ink.length; i++) diff[i] = ink[i] ^ reference[i];
  return componentBoxes(diff, width, height, speck);
}

/**
 * How much ink changed inside `box` compared with a snapshot of it: the pixels of difference
 * components of at least `speck` pixels (the same measure the frame-wide comparison uses).
 */
export function inkChangeIn(ink: Uint8Array, snapshot: Uint8Array, box: Box, width: number, speck: number): number {
  const diff = new Uint8Array(box.w * box.h);
  let any = false;
  for (let y = 0; y < box.h; y++) {
    const row = (box.y + y) * width + box.x;
    for (let x = 0; x < box.w; x++) {
      if (ink[row + x] !== snapshot[y * box.w + x]) {
        diff[y * box.w + x] = 1;
        any = true;
      }
    }
  }
  return any ? componentBoxes(diff, box.w, box.h, speck).count : 0;
}

/** The ink of `box` copied out (row by row), to compare later frames with. */
export function inkSnapshot(ink: Uint8Array, box: Box, width: number): Uint8Array {
  const out = new Uint8Array(box.w * box.h);
  for (let y = 0; y < box.h; y++) out.set(ink.subarray((box.y + y) * width + box.x, (box.y + y) * width + box.x + box.w), y * box.w);
  return out;
}

/** Copies the `region` of `ink` into `reference` (the reference now holds what was last read there). */
export function adoptInk(reference: Uint8Array, ink: Uint8Array, region: Box, width: number): void {
  for (let y = region.y; y < region.y + region.h; y++) {
    reference.set(ink.subarray(y * width + region.x, y * width + region.x + region.w), y * width + region.x);
  }
}

/** Ink pixels inside `box`. */
export function inkCountIn(ink: Uint8Array, box: Box, width: number): number {
  let n = 0;
  for (let y = box.y; y < box.y + box.h; y++) for (let x = box.x; x < box.x + box.w; x++) n += ink[y * width + x];
  return n;
}
