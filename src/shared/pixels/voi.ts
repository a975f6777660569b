/**
 * One picture of a grey frame: the function every view of a frame goes through (the viewer, the
 * PNG export, the OCR's display view), so an exported PNG shows what the reviewer saw, grey level
 * for grey level. Pure arithmetic: no Node, no DOM, so the renderer can use it too.
 *
 * A stored value becomes a display value in three steps, in DICOM's order:
 * 1. Modality LUT: `x = stored × slope + intercept` (Rescale Slope/Intercept, PS3.3 C.11.1).
 * 2. VOI LUT, the LINEAR function of PS3.3 C.11.2.1.2.1, with ymin 0 and ymax 255:
 *    - `x <= c - 0.5 - (w - 1) / 2` → 0
 *    - `x >  c - 0.5 + (w - 1) / 2` → 255
 *    - otherwise `((x - (c - 0.5)) / (w - 1) + 0.5) × 255`, rounded to the nearest integer, halves
 *      up. It is computed as `(x - low) × 255 / (w - 1)` with `low` the lower edge: the same line,
 *      but multiplied before it is divided, so that integer values under an integer (or half)
 *      window land exactly on a half when the line does, and round up there, on every machine.
 *    Both edges are DICOM's: the lower one is inclusive (maps to 0), the upper one exclusive (only
 *    values above it are clipped to 255; the line reaches 255 exactly at it). A width below 1,
 *    which DICOM forbids, is taken as 1: a threshold at `c - 0.5`.
 * 3. Presentation: MONOCHROME1 is inverted after the VOI, `255 - y`, so that low values are bright.
 *
 * Without a usable window in the header the window is the frame's own range of modality values,
 * chosen so the line runs exactly from the smallest value (0) to the largest (255).
 */

/** Rescale Slope and Intercept: stored value → modality value. */
export interface Rescale {
  slope: number;
  intercept: number;
}

/** A Window Center / Window Width pair, in modality units. */
interface VoiWindow {
  center: number;
  width: number;
}

/**
 * The linear part of a window: values `<= low` are 0, values `> high` are 255, values between lie
 * on the line `(x - low) × 255 / span` (rounded).
 */
interface VoiRamp {
  low: number;
  high: number;
  /** `high - low` (w - 1 for a window); 0 makes the ramp a threshold at `low`. */
  span: number;
}

/** Everything that turns a grey frame's stored values into display values. */
export interface GreyDisplay {
  rescale: Rescale;
  window: VoiWindow;
  /** MONOCHROME1: invert after the VOI. */
  invert: boolean;
}

/** The identity rescale. */
export const NO_RESCALE: Rescale = { slope: 1, intercept: 0 };

/**
 * The window under which 8-bit values 0..255 show as they are (`c - 0.5 = 127.5`, `w - 1 = 255`):
 * for pixels that are already display values.
 */
export const IDENTITY_WINDOW_8: VoiWindow = { center: 128, width: 256 };

/** The edges of a window's linear part (PS3.3 C.11.2.1.2.1); a width below 1 counts as 1. */
export function voiRamp(window: VoiWindow): VoiRamp {
  const span = Math.max(1, window.width) - 1;
  return { low: window.center - 0.5 - span / 2, high: window.center - 0.5 + span / 2, span };
}

/**
 * The window whose linear part runs exactly from `low` to `high` (modality units): what a frame is
 * shown with when its header gives no usable window.
 */
export function rangeWindow(low: number, high: number): VoiWindow {
  return { center: (low + high) / 2 + 0.5, width: Math.max(high - low, 0) + 1 };
}

/** The modality values of stored values `storedMin..storedMax`, smallest first (a slope may be negative). */
export function modalityRange(storedMin: number, storedMax: number, rescale: Rescale): { low: number; high: number } {
  const a = storedMin * rescale.slope + rescale.intercept;
  const b = storedMax * rescale.slope + rescale.intercept;
  return { low: Math.min(a, b), high: Math.max(a, b) };
}

/** True when a header window can be used: both values finite and the width at least 1 (PS3.3 C.11.2.1.2). */
export function usableWindow(window: Partial<VoiWindow> | undefined): window is VoiWindow {
  return window !== undefined && Number.isFinite(window.center) && Number.isFinite(window.width) && (window.width ?? 0) >= 1;
}

/** The header's window when usable, else the range window of the frame's stored values. */
export function defaultWindow(header: Partial<VoiWindow> | undefined, storedMin: number, storedMax: number, rescale: Rescale): VoiWindow {
  if (usableWindow(header)) return { center: header.center, width: header.width };
  const { low, high } = modalityRange(storedMin, storedMax, rescale);
  return rangeWindow(low, high);
}

/** The VOI of one modality value: 0..255 (see the module comment for the edges and rounding). */
export function voiValue(x: number, ramp: VoiRamp): number {
  if (x <= ramp.low) return 0;
  if (x > ramp.high) return 255;
  return Math.round(((x - ramp.low) * 255) / ramp.span);
}

/** The display value of one stored value: rescale, VOI, then MONOCHROME1 inversion. */
export function displayValue(stored: number, display: GreyDisplay, ramp: VoiRamp = voiRamp(display.window)): number {
  const y = voiValue(stored * display.rescale.slope + display.rescale.intercept, ramp);
  return display.invert ? 255 - y : y;
}

/** Largest table {@link greyLut} builds (every 16-bit stored value, plus one). */
const MAX_LUT_ENTRIES = 65537;

/**
 * The display value of every stored value from `storedMin` to `storedMax` (integers): entry `i`
 * is the value of `storedMin + i`. Throws a RangeError for a range over {@link MAX_LUT_ENTRIES}.
 */
export function greyLut(storedMin: number, storedMax: number, display: GreyDisplay): Uint8Array<ArrayBuffer> {
  const n = storedMax - storedMin + 1;
  if (!Number.isInteger(storedMin) || !Number.isInteger(n) || n < 1 || n > MAX_LUT_ENTRIES) {
    throw new RangeError(`no lookup table for stored values ${storedMin}..${storedMax}`);
  }
  const ramp = voiRamp(display.window);
  const lut = new Uint8Array(n);
  for (let i = 0; i < n; i++) lut[i] = displayValue(storedMin + i, display, ramp);
  return lut;
}

/** Sample arrays whose values are integers, so a lookup table can stand in for the arithmetic. */
type IntegerSamples = Uint8Array | Uint8ClampedArray | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array;

function isIntegerSamples(samples: ArrayLike<number>): samples is IntegerSamples {
  return (
    samples instanceof Uint8Array || samples instanceof Uint8ClampedArray || samples instanceof Int8Array || samples instanceof Uint16Array ||
    samples instanceof Int16Array || samples instanceof Uint32Array || samples instanceof Int32Array
  );
}

/** Smallest and largest of `samples` (0 and 0 when empty). */
export function sampleRange(samples: ArrayLike<number>): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return Number.isFinite(min) ? { min, max } : { min: 0, max: 0 };
}

/**
 * The display values of a grey frame's stored samples. Integer samples go through {@link greyLut}
 * (the table the viewer builds); other samples through {@link displayValue}: the same numbers.
 */
export function greyTo8(samples: ArrayLike<number>, display: GreyDisplay): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(samples.length);
  const { min, max } = sampleRange(samples);
  if (isIntegerSamples(samples) && max - min + 1 <= MAX_LUT_ENTRIES) {
    const lut = greyLut(min, max, display);
    for (let i = 0; i < out.length; i++) out[i] = lut[samples[i] - min];
    return out;
  }
  const ramp = voiRamp(display.window);
  for (let i = 0; i < out.length; i++) out[i] = displayValue(samples[i], display, ramp);
  return out;
}
