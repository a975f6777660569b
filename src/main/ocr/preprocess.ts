/**
 * Turns a decoded frame (or a 1-bit overlay plane) into the 8-bit images the OCR engine reads.
 *
 * Burned-in text is drawn by the modality at one extreme of the value range (usually the maximum,
 * sometimes the minimum), so the most reliable views are binary "text windows" that keep only
 * that extreme; a full-range view catches text drawn at any other value.
 */
import { greyTo8, usableWindow } from '../../shared/pixels/voi';
import type { Box, Gray8Image } from './grayImage';
import { countEqual, countWithin, intensityPlane, upperQuantile } from './intensity';
import { boxBlur3, cleanInk, removeBlocks, typicalGlyphHeight } from './inkMask';
import type { OcrFrameInput, IntensityPlane } from './intensity';
import { cropMagnify, mosaicMagnify, type MosaicPiece } from './resample';
import { textRegions } from './textRegions';

/**
 * - `bright`: the brightest values as dark ink on white (the max-value plateau, else the top 1.5 %).
 * - `dark`: the min-value plateau as ink, only when it is rare and stands clear of the values just
 *   above it (text, not clipped background).
 * - `full`: min/max window, flipped so the background is light.
 * - `display`: the frame as the viewer shows it at its header window (the shared picture of
 *   `src/shared/pixels/voi.ts`: rescale, DICOM's linear VOI, MONOCHROME1 inverted), then the same
 *   polarity rule. Grey frames with a usable Window Center/Width only.
 * - `overlay`: the set bits of an overlay plane as ink.
 */
export type VariantKind = 'bright' | 'dark' | 'full' | 'display' | 'overlay';

/**
 * One OCR-ready image and how its pixels map back to the source: each piece is a source rectangle
 * drawn at (`x`, `y`) of the image, magnified by `scale` (one piece for a plain crop, several for
 * a mosaic of text lines).
 */
export interface OcrVariant {
  kind: VariantKind;
  image: Gray8Image;
  scale: number;
  pieces: MosaicPiece[];
}

/** A 1-bit overlay plane: unpacked (one byte per pixel, non-zero = set) or packed as in OverlayData. */
export interface OverlayPlane {
  data: Uint8Array;
  width: number;
  height: number;
  /** True when `data` is bit-packed like (60xx,3000): row-major, least significant bit first. */
  packed?: boolean;
}

/** Knobs for `preprocessFrame`. */
export interface PreprocessOptions {
  /** Variants to produce, in this order; default `['bright', 'dark', 'full']`. */
  kinds?: readonly VariantKind[];
  /**
   * Integer magnification, or `auto`: text windows are scaled so glyphs are about 20 px tall
   * (measured from their ink), the grey views use the text windows' factor, or x2 for frames up
   * to 1200 px when there is no text window.
   */
  magnify?: number | 'auto';
  /** A min/max plateau covering more than this fraction of pixels is background, not text. Default 0.05. */
  plateauMaxFraction?: number;
  /** Fraction kept by the `bright` window when there is no max plateau. Default 0.015. */
  topFraction?: number;
}

const DEFAULT_KINDS: readonly VariantKind[] = ['bright', 'dark', 'full'];
/** Output pixels of white border around every variant. */
const PAD = 12;
/** Output pixels between the text lines of a mosaic (more than a magnified glyph is tall). */
const MOSAIC_GAP = 2 * PAD;
/** A mosaic is built when its lines cover less than this share of the ink's bounding box. */
const MOSAIC_SHARE = 0.5;
/** Source pixels kept around the ink of a text window, so glyph edges are not cut. */
const INK_MARGIN = 4;
/** Fewer ink pixels than this cannot be a character. */
const MIN_INK = 6;
/** Ink components smaller than this are noise specks. */
const MIN_SPECK = 4;
/**
 * Glyph height tesseract reads best. Measured on our 1-pixel bitmap font: 9 px capitals read
 * cleanly at x2 (18 px); x3 or larger fonts magnified further read worse, because the LSTM takes
 * the magnified pixel staircase for features.
 */
const TARGET_GLYPH_PX = 20;
const MAX_OUTPUT_PIXELS = 8_000_000;

/** Magnification for frames without a glyph-size estimate: small frames carry small fonts. */
function autoMagnification(width: number, height: number): number {
  return capMagnification(Math.max(width, height) <= 1200 ? 2 : 1, width, height);
}

function capMagnification(k: number, width: number, height: number): number {
  let factor = k;
  while (factor > 1 && width * height * factor * factor > MAX_OUTPUT_PIXELS) factor--;
  return factor;
}

/**
 * Maps a box in variant pixels back to source pixels, rounding outwards so text stays covered. In
 * a mosaic the box is cut at the pieces it overlaps (the nearest one if none) and the result is the
 * union of those parts in source pixels; a piece holds its ink with a margin, so nothing is lost.
 */
export function toSourceBox(variant: OcrVariant, box: Box): Box {
  const { pieces, scale } = variant;
  if (pieces.length === 1) return pieceToSource(pieces[0], scale, box);
  const rects = pieces.map((p) => ({ x: p.x, y: p.y, w: p.source.w * scale, h: p.source.h * scale }));
  const parts: Box[] = [];
  rects.forEach((r, i) => {
    const x0 = Math.max(r.x, box.x);
    const y0 = Math.max(r.y, box.y);
    const x1 = Math.min(r.x + r.w, box.x + box.w);
    const y1 = Math.min(r.y + r.h, box.y + box.h);
    if (x1 > x0 && y1 > y0) parts.push(pieceToSource(pieces[i], scale, { x: x0, y: y0, w: x1 - x0, h: y1 - y0 }));
  });
  if (parts.length === 0) {
    const cy = box.y + box.h / 2;
    const distance = (r: Box): number => Math.max(0, r.y - cy, cy - (r.y + r.h));
    const nearest = rects.reduce((best, r, i) => (distance(r) < distance(rects[best]) ? i : best), 0);
    return pieceToSource(pieces[nearest], scale, box);
  }
  const x0 = Math.min(...parts.map((p) => p.x));
  const y0 = Math.min(...parts.map((p) => p.y));
  const x1 = Math.max(...parts.map((p) => p.x + p.w));
  const y1 = Math.max(...parts.map((p) => p.y + p.h));
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

function pieceToSource(piece: MosaicPiece, scale: number, box: Box): Box {
  const x0 = Math.floor((box.x - piece.x) / scale + piece.source.x);
  const y0 = Math.floor((box.y - piece.y) / scale + piece.source.y);
  const x1 = Math.ceil((box.x + box.w - piece.x) / scale + piece.source.x);
  const y1 = Math.ceil((box.y + box.h - piece.y) / scale + piece.source.y);
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** Where source pixel (`x`, `y`) lands in a variant image (its centre), or null when it is not shown. */
export function toVariantPoint(variant: OcrVariant, x: number, y: number): { x: number; y: number } | null {
  for (const p of variant.pieces) {
    const s = p.source;
    if (x < s.x || y < s.y || x >= s.x + s.w || y >= s.y + s.h) continue;
    return { x: Math.floor((x - s.x + 0.5) * variant.scale) + p.x, y: Math.floor((y - s.y + 0.5) * variant.scale) + p.y };
  }
  return null;
}

/** A text window's ink mask before it becomes an image. */
interface InkWindow {
  kind: VariantKind;
  ink: Uint8Array;
  bounds: Box;
  /** The ink's components (after specks were cleared). */
  components: Box[];
  glyphHeight: number | null;
}

/** Builds the OCR variants of one frame; variants that would be empty or meaningless are skipped. */
export function preprocessFrame(frame: OcrFrameInput, opts: PreprocessOptions = {}): OcrVariant[] {
  const plane = intensityPlane(frame);
  if (plane.max === plane.min) return [];
  const kinds = opts.kinds ?? DEFAULT_KINDS;
  const windows = new Map<VariantKind, InkWindow | null>();
  for (const kind of kinds) {
    if (kind === 'bright') windows.set(kind, brightWindow(plane, opts));
    if (kind === 'dark') windows.set(kind, darkWindow(plane, opts));
  }
  const glyphHeight = windows.get('bright')?.glyphHeight ?? windows.get('dark')?.glyphHeight ?? null;
  const greyFactor = chooseMagnification(opts.magnify, glyphHeight, frame.width, frame.height);
  const out: OcrVariant[] = [];
  for (const kind of kinds) {
    let variant: OcrVariant | null;
    switch (kind) {
      case 'bright':
      case 'dark': {
        const window = windows.get(kind);
        variant = window ? windowVariant(window, plane.width, plane.height, opts.magnify) : null;
        break;
      }
      case 'full':
        variant = stretchVariant(plane, kind, plane.min, plane.max, greyFactor);
        break;
      case 'display':
        variant = displayVariant(frame, plane, greyFactor);
        break;
      case 'overlay':
        throw new RangeError('overlay variants come from preprocessOverlay');
      default:
        variant = assertNever(kind);
    }
    if (variant) out.push(variant);
  }
  return out;
}

/** Builds the single OCR variant of an overlay plane (set bits as dark ink), or none when it is empty. */
export function preprocessOverlay(plane: OverlayPlane, opts: Pick<PreprocessOptions, 'magnify'> = {}): OcrVariant[] {
  const { width, height } = plane;
  const ink = new Uint8Array(width * height);
  for (let i = 0; i < ink.length; i++) {
    ink[i] = plane.packed ? (plane.data[i >> 3] >> (i & 7)) & 1 : plane.data[i] !== 0 ? 1 : 0;
  }
  // Overlay bits are drawn on purpose: keep every one, even a lone pixel.
  const window = inkWindow('overlay', ink, width, height, 1);
  const variant = window ? windowVariant(window, width, height, opts.magnify) : null;
  return variant ? [variant] : [];
}

/**
 * A rare max plateau is the text itself. A large one is usually a label box or a saturated region
 * holding text of another value: those blocks are taken out of the window (their text is left to
 * the dark window and `full`), and what remains is used when it is rare again. With no plateau at
 * all (anti-aliased text, noisy maxima) the top few percent stand in for it.
 */
function brightWindow(plane: IntensityPlane, opts: PreprocessOptions): InkWindow | null {
  const atMax = countEqual(plane, plane.max);
  const limit = (opts.plateauMaxFraction ?? 0.05) * plane.values.length;
  if (atMax > limit) return withoutBlocks(plane, 'bright', (v) => v >= plane.max, limit);
  const threshold = atMax >= MIN_INK ? plane.max : upperQuantile(plane, opts.topFraction ?? 0.015);
  return thresholdWindow(plane, 'bright', (v) => v >= threshold);
}

/** A window over a plateau too large to be text alone: its blocks removed, kept only if rare then. */
function withoutBlocks(plane: IntensityPlane, kind: VariantKind, isInk: (v: number) => boolean, limit: number): InkWindow | null {
  const ink = new Uint8Array(plane.values.length);
  for (let i = 0; i < ink.length; i++) ink[i] = isInk(plane.values[i]) ? 1 : 0;
  const left = removeBlocks(ink, plane.width, plane.height);
  return left > limit ? null : inkWindow(kind, ink, plane.width, plane.height, MIN_SPECK);
}

/**
 * Dark plateaus are far more often clipped background (air, collimation, a noise floor clamped at
 * zero) than text, so besides being rare the plateau must stand out as a spike: text drawn at the
 * minimum leaves a gap above it, clipping leaves a dense run of values just above the minimum.
 */
function darkWindow(plane: IntensityPlane, opts: PreprocessOptions): InkWindow | null {
  const atMin = countEqual(plane, plane.min);
  if (atMin < MIN_INK || atMin > (opts.plateauMaxFraction ?? 0.05) * plane.values.length) return null;
  const justAbove = countWithin(plane, plane.min, plane.min + 0.05 * (plane.max - plane.min));
  if (justAbove > 0.25 * atMin) return null;
  return thresholdWindow(plane, 'dark', (v) => v <= plane.min);
}

function thresholdWindow(plane: IntensityPlane, kind: VariantKind, isInk: (v: number) => boolean): InkWindow | null {
  const ink = new Uint8Array(plane.values.length);
  for (let i = 0; i < ink.length; i++) ink[i] = isInk(plane.values[i]) ? 1 : 0;
  return inkWindow(kind, ink, plane.width, plane.height, MIN_SPECK);
}

function inkWindow(kind: VariantKind, ink: Uint8Array, width: number, height: number, minSpeck: number): InkWindow | null {
  const stats = cleanInk(ink, width, height, minSpeck);
  if (stats.count < MIN_INK || !stats.bounds) return null;
  return { kind, ink, bounds: stats.bounds, components: stats.componentBoxes, glyphHeight: typicalGlyphHeight(stats.componentHeights) };
}

function chooseMagnification(magnify: PreprocessOptions['magnify'], glyphHeight: number | null, width: number, height: number): number {
  if (typeof magnify === 'number') return magnify;
  if (glyphHeight === null) return autoMagnification(width, height);
  return capMagnification(Math.min(3, Math.max(1, Math.round(TARGET_GLYPH_PX / glyphHeight))), width, height);
}

/**
 * Ink window to a magnified dark-on-white image: the ink's bounding box, or, when the ink is a few
 * text lines spread over the frame (labels in its corners), a mosaic of those lines, which costs
 * the OCR a fraction of the box's area.
 */
function windowVariant(window: InkWindow, width: number, height: number, magnify: PreprocessOptions['magnify']): OcrVariant {
  const grey = new Uint8Array(window.ink.length);
  for (let i = 0; i < grey.length; i++) grey[i] = window.ink[i] ? 0 : 255;
  // Cropping to the ink keeps the image tesseract scans small when the text sits in one corner.
  const b = window.bounds;
  const x0 = Math.max(0, b.x - INK_MARGIN);
  const y0 = Math.max(0, b.y - INK_MARGIN);
  const crop = { x: x0, y: y0, w: Math.min(width, b.x + b.w + INK_MARGIN) - x0, h: Math.min(height, b.y + b.h + INK_MARGIN) - y0 };
  const factor = chooseMagnification(magnify, window.glyphHeight, crop.w, crop.h);
  const src = { data: grey, width, height };
  const lines = textRegions(window.components, width, height);
  const linesArea = lines.reduce((a, r) => a + r.w * r.h, 0) + (lines.length * MOSAIC_GAP * crop.w) / factor;
  let variant: OcrVariant;
  if (lines.length > 1 && linesArea < MOSAIC_SHARE * crop.w * crop.h) {
    const { image, pieces } = mosaicMagnify(src, lines, factor, PAD, MOSAIC_GAP, 255);
    variant = { kind: window.kind, image, scale: factor, pieces };
  } else {
    variant = magnified(src, crop, window.kind, factor);
  }
  // Big binary glyphs are blocky staircases; without a magnification to soften them, blur a little
  // (thin strokes of small fonts would not survive it, so only from 14 px up).
  if (factor === 1 && window.glyphHeight !== null && window.glyphHeight >= 14) variant.image = boxBlur3(variant.image);
  return variant;
}

/**
 * The OCR's own contrast stretch of the plane over `lo..hi` (the `full` view): not a display
 * window (the plane is the brightest channel of colour and negated MONOCHROME1), so it keeps its
 * own arithmetic, `(v - lo) × (255 / (hi - lo))`, which the OCR records were made with.
 */
function stretchVariant(plane: IntensityPlane, kind: VariantKind, lo: number, hi: number, factor: number): OcrVariant | null {
  if (hi <= lo) return null;
  const grey = new Uint8Array(plane.values.length);
  const k = 255 / (hi - lo);
  for (let i = 0; i < grey.length; i++) {
    const v = plane.values[i];
    grey[i] = v <= lo ? 0 : v >= hi ? 255 : Math.round((v - lo) * k);
  }
  return polarised(grey, plane.width, plane.height, kind, factor);
}

/** A grey image as OCR input: flipped when it is mostly dark, then magnified. */
function polarised(grey: Uint8Array, width: number, height: number, kind: VariantKind, factor: number): OcrVariant {
  let sum = 0;
  for (let i = 0; i < grey.length; i++) sum += grey[i];
  // tesseract reads dark text on a light page best; most frames are a dark field, so flip those.
  if (sum / grey.length < 128) for (let i = 0; i < grey.length; i++) grey[i] = 255 - grey[i];
  return magnified({ data: grey, width, height }, { x: 0, y: 0, w: width, h: height }, kind, factor);
}

/**
 * The frame at its header window, exactly as the viewer and the PNG export show it (`greyTo8`,
 * from the plane's masked and sign-extended stored values), then the polarity rule. Colour has no
 * VOI, so colour frames have no display view.
 */
function displayVariant(frame: OcrFrameInput, plane: IntensityPlane, factor: number): OcrVariant | null {
  const window = { center: frame.windowCenter, width: frame.windowWidth };
  if (frame.samplesPerPixel !== 1 || !usableWindow(window)) return null;
  const monochrome1 = frame.photometric.toUpperCase() === 'MONOCHROME1';
  // The plane holds MONOCHROME1 negated; the shared function takes stored values.
  const stored = monochrome1 ? plane.values.map((v) => -v) : plane.values;
  const rescale = { slope: frame.rescaleSlope ?? 1, intercept: frame.rescaleIntercept ?? 0 };
  const grey = greyTo8(stored, { rescale, window, invert: monochrome1 });
  return polarised(grey, plane.width, plane.height, 'display', factor);
}

function magnified(src: Gray8Image, crop: Box, kind: VariantKind, factor: number): OcrVariant {
  return { kind, image: cropMagnify(src, crop, factor, PAD, 255), scale: factor, pieces: [{ source: crop, x: PAD, y: PAD }] };
}

function assertNever(value: never): never {
  throw new Error(`unhandled variant kind ${String(value)}`);
}
