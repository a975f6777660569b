/**
 * The text gate: a cheap, conservative look at a decoded frame that answers "this frame cannot
 * hold burned-in text" or "it may", before any detector is run.
 *
 * Burned-in text is drawn as thin strokes of high contrast against what is behind it, several to a
 * line: a scan along any row of a text line crosses a stroke (a strong edge one way, then the
 * other within a stroke's width), then another a letter's width further on. Anatomy rarely does
 * that: organ and bone boundaries are single edges, noise is below the threshold, a thin line or
 * a bone cortex is one stroke, not a run of them. The gate counts, in bands of
 * {@link BAND_HEIGHT} rows and bins of {@link BIN_WIDTH} columns, the pairs of strokes that follow
 * each other along a row; a frame may hold text when any window of 2×2 bins holds
 * {@link MIN_PAIRS} pairs or more. The threshold of "strong" follows the frame: a multiple of its
 * noise (the median step between neighbours) and a fraction of its range, whichever is larger.
 *
 * Conservative by construction where it cannot look: palette frames (indices, not brightness)
 * are never cleared. Colour frames are scanned channel by channel, so text that differs from what
 * is behind it in hue only is still seen. Every row is scanned; the noise and range estimates come
 * from a subsample of rows, which can only lower the threshold (more frames sent on), never raise it.
 * Its recall is proven on every text fixture of the project (`textGate.test.ts`).
 *
 * On 16-bit single-sample frames the two loops over every pixel (the step histogram and the
 * search for big steps) run in WebAssembly with SIMD (`gateScan.ts`); the answers are the
 * JavaScript loops' own, frame for frame (`gateScan.test.ts`, against {@link textGateInJavaScript}).
 */
import type { DecodedFrame, DecodedPixels } from './decodedFrame';
import { gateScan, type LoadedFrame, type StepHistogram } from './gateScan';

/** Rows per band of the stroke-pair counts. */
const BAND_HEIGHT = 8;
/** Columns per bin of the stroke-pair counts. */
const BIN_WIDTH = 16;
/** Widest stroke, in pixels between its two edges (large bold fonts included). */
const MAX_STROKE = 12;
/** Furthest the next stroke of a line may be, in pixels between the ends of two strokes. */
const MAX_PAIR_GAP = 20;
/** Stroke pairs in a window of 2×2 bins (32×16 pixels) from which the frame may hold text. */
const MIN_PAIRS = 14;
/** A strong edge rises above this many times the frame's median non-zero step between neighbours. */
const NOISE_FACTOR = 6;
/** ... and above this fraction of the frame's range. */
const RANGE_FRACTION = 1 / 48;
/** Share of an edge's rise its largest single step must make for the edge to be sharp. */
const SHARPNESS = 0.6;
/** Rows between the rows sampled for the noise and range estimates. */
const SAMPLE_STEP = 4;
/** Steps of this size or more share the histogram's last bin. */
const STEP_CAP = 4096;

/** A window that may hold text, in frame pixels. */
interface GateRegion {
  x: number;
  y: number;
  w: number;
  h: number;
  /** Stroke pairs counted in it. */
  pairs: number;
}

/** The gate's answer on one frame. */
interface TextGateResult {
  /** True when the frame cannot hold text: it need not reach the detector. */
  clear: boolean;
  /** Why, in words for reports. */
  reason: string;
  /** The windows that may hold text (empty when clear), merged horizontally along each band. */
  regions: GateRegion[];
  /** The edge threshold used, in stored sample units. */
  threshold: number;
}

/** The histogram of steps between horizontal neighbours over sampled rows of one channel. */
function stepHistogram(d: DecodedPixels, width: number, height: number, spp: number, channel: number): StepHistogram {
  const hist = new Uint32Array(STEP_CAP + 1);
  let nonZero = 0;
  let samples = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let y = 0; y < height; y += SAMPLE_STEP) {
    let at = y * width * spp + channel;
    let prev = d[at];
    if (prev < min) min = prev;
    if (prev > max) max = prev;
    for (let x = 1; x < width; x++) {
      at += spp;
      const v = d[at];
      if (v < min) min = v;
      if (v > max) max = v;
      const step = Math.abs(v - prev);
      samples++;
      // Flat runs (padding, a blank field) say nothing of the noise where there is any.
      if (step > 0) {
        hist[step >= STEP_CAP ? STEP_CAP : Math.floor(step)]++;
        nonZero++;
      }
      prev = v;
    }
  }
  return { hist, nonZero, samples, min, max };
}

/** Median non-zero step between horizontal neighbours, and the range, from a step histogram. */
function noiseAndRange({ hist, nonZero, samples, min, max }: StepHistogram): { median: number; range: number } {
  const range = max > min ? max - min : 0;
  // Mostly flat (a blank field with a few strokes): the strokes are not the noise.
  if (nonZero * 4 < samples) return { median: 0, range };
  let seen = 0;
  for (let i = 1; i <= STEP_CAP; i++) {
    seen += hist[i];
    if (seen * 2 >= nonZero) return { median: i, range };
  }
  return { median: 0, range };
}

/**
 * Adds the stroke pairs of one channel into `pairs` (bands × bins). An edge is a run of steps of
 * one sign between neighbours; it is strong when it rises by `threshold` or more and is sharp:
 * its largest single step is at least {@link SHARPNESS} of its whole rise, as drawn text is
 * (anatomy is smoothed by the reconstruction kernel and the optics: its edges ramp over pixels).
 *
 * Why it is fast: a strong edge holds one step of at least `SHARPNESS × threshold` (its peak), so
 * a run without such a "big" step changes nothing the pairs depend on. Each row is therefore
 * scanned for the next big step (a loop whose branch noise rarely takes), and the edge machine
 * runs only from the last quiet step before it (no run open there) to the first quiet step after
 * it. The counts are exactly those of running the machine over every step of the row.
 */
function countPairs(d: DecodedPixels, width: number, height: number, spp: number, channel: number, threshold: number, pairs: Uint16Array, bins: number, loaded: LoadedFrame | undefined): void {
  // Steps below this are noise inside an edge's ramp, not part of it.
  const low = Math.max(threshold / 4, Number.MIN_VALUE);
  const big = SHARPNESS * threshold;
  // Integer samples: a step is at least `big` exactly when it is at least its ceiling.
  const scan = loaded && Math.ceil(big) <= loaded.maxBig ? loaded : undefined;
  const bigSteps = Math.ceil(big);
  const lastX = width - 1;
  for (let y = 0; y < height; y++) {
    const row = y * width * spp + channel;
    const band = ((y / BAND_HEIGHT) | 0) * bins;
    let edgeSign = 0;
    let edgeEnd = -1000;
    let strokeEnd = -1000;
    let runSign = 0;
    let runTotal = 0;
    let runPeak = 0;
    let runStart = 0;
    // Invariant at the top of the loop: the step before x was quiet (or x is 0), no run is open.
    let x = 0;
    while (x <= lastX) {
      let b = x;
      let at = row + x * spp;
      if (scan) b = scan.nextBig(row, x, lastX, bigSteps);
      else {
        // One load per pixel: the previous sample is carried, not read again.
        let prev = d[at];
        while (b < lastX) {
          const cur = d[at + spp];
          const s = cur - prev;
          if (s >= big || s <= -big) break;
          prev = cur;
          b++;
          at += spp;
        }
      }
      // No big step left: no strong edge can end in the rest of the row.
      if (b >= lastX) break;
      let q = b - 1;
      at = row + q * spp;
      while (q >= x) {
        const s = d[at + spp] - d[at];
        if (s < low && s > -low) break;
        q--;
        at -= spp;
      }
      if (q >= x) x = q + 1;
      runSign = 0;
      at = row + x * spp;
      for (; x <= lastX; x++, at += spp) {
        const step = x < lastX ? d[at + spp] - d[at] : 0;
        const sign = step >= low ? 1 : step <= -low ? -1 : 0;
        if (sign !== 0 && sign === runSign) {
          runTotal += step;
          const a = step < 0 ? -step : step;
          if (a > runPeak) runPeak = a;
          continue;
        }
        if (runSign !== 0) {
          const total = runTotal < 0 ? -runTotal : runTotal;
          if (total >= threshold && runPeak >= SHARPNESS * total) {
            if (runSign === -edgeSign && runStart - edgeEnd <= MAX_STROKE) {
              // A stroke ends here; a pair when another ended a letter's width before.
              if (x - strokeEnd <= MAX_PAIR_GAP) {
                const bin = band + ((x / BIN_WIDTH) | 0);
                if (pairs[bin] < 0xffff) pairs[bin]++;
              }
              strokeEnd = x;
            }
            edgeSign = runSign;
            edgeEnd = x;
          }
        }
        runSign = sign;
        runTotal = step;
        runPeak = step < 0 ? -step : step;
        runStart = x;
        if (sign === 0 && x > b) {
          x++;
          break;
        }
      }
    }
  }
}

/**
 * The gate on one decoded frame (any bits, signed or not, MONOCHROME1/2, RGB; palette frames are
 * never cleared). Linear in the pixels, no allocation beyond the counts.
 */
export function textGate(frame: DecodedFrame): TextGateResult {
  return gateFrame(frame, true);
}

/** The gate with every loop in JavaScript: the reference its WebAssembly loops are tested against. */
export function textGateInJavaScript(frame: DecodedFrame): TextGateResult {
  return gateFrame(frame, false);
}

function gateFrame(frame: DecodedFrame, accelerate: boolean): TextGateResult {
  const { width, height, data } = frame;
  if (frame.photometric === 'PALETTE COLOR') return { clear: false, reason: 'palette colour: not judged by the gate', regions: [], threshold: 0 };
  if (width < 2 || height < 1 || data.length < width * height * frame.samplesPerPixel) return { clear: false, reason: 'frame too small or short for the gate', regions: [], threshold: 0 };
  const spp = frame.samplesPerPixel;
  const bins = Math.ceil(width / BIN_WIDTH);
  const bands = Math.ceil(height / BAND_HEIGHT);
  const pairs = new Uint16Array(bins * bands);
  let threshold = Infinity;
  // 16-bit single-sample frames: the two loops run in WebAssembly (the same answers, tested).
  const loaded = accelerate && spp === 1 && (data instanceof Int16Array || data instanceof Uint16Array) ? gateScan()?.load(data, width, height) : undefined;
  for (let c = 0; c < spp; c++) {
    const { median, range } = noiseAndRange(loaded ? loaded.steps(SAMPLE_STEP) : stepHistogram(data, width, height, spp, c));
    // Integer samples: a step of one unit is the least an edge can be.
    const t = Math.max(frame.bitsAllocated === 32 && data instanceof Float32Array ? Number.EPSILON : 1, NOISE_FACTOR * median, range * RANGE_FRACTION);
    threshold = Math.min(threshold, t);
    countPairs(data, width, height, spp, c, t, pairs, bins, loaded);
  }
  const regions: GateRegion[] = [];
  for (let by = 0; by < bands; by++) {
    let open: GateRegion | undefined;
    for (let bx = 0; bx < bins; bx++) {
      const below = by + 1 < bands ? (by + 1) * bins : -1;
      const right = bx + 1 < bins;
      const sum = pairs[by * bins + bx] + (right ? pairs[by * bins + bx + 1] : 0) + (below >= 0 ? pairs[below + bx] + (right ? pairs[below + bx + 1] : 0) : 0);
      if (sum < MIN_PAIRS) {
        open = undefined;
        continue;
      }
      const x = bx * BIN_WIDTH;
      const w = Math.min(width, x + 2 * BIN_WIDTH) - x;
      if (open && open.x + open.w >= x) {
        open.w = x + w - open.x;
        open.pairs = Math.max(open.pairs, sum);
        continue;
      }
      open = { x, y: by * BAND_HEIGHT, w, h: Math.min(height, (by + 2) * BAND_HEIGHT) - by * BAND_HEIGHT, pairs: sum };
      regions.push(open);
    }
  }
  if (regions.length === 0) return { clear: true, reason: 'gate-cleared: no run of text-like strokes in any part of the frame', regions, threshold };
  return { clear: false, reason: `may hold text: ${regions.length} region${regions.length === 1 ? '' : 's'} with text-like strokes`, regions, threshold };
}
