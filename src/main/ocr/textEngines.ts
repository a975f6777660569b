/**
 * The two text engines of the pixel pipeline, behind one interface each so they can be swapped:
 * a `TextDetector` finds where text is without reading it, and a `LineRecognizer` reads one
 * detected region. Detection and reading are separate on purpose: what is found but cannot be read
 * with confidence is still text (and is burned), and the verify pass reads with a recogniser that
 * did not propose the boxes.
 */
import type { Box } from './grayImage';
import type { OcrPriority } from './tesseractPool';

/** An 8-bit image, row-major; with 3 channels the samples are interleaved RGB. */
export interface TextImage {
  width: number;
  height: number;
  channels: 1 | 3;
  /** `width * height * channels` bytes. */
  data: Uint8Array;
}

/**
 * A region that holds text, as an axis-aligned box in the pixels of the image it was found in,
 * padded ("unclipped") so that burning the box covers the whole glyphs.
 */
export interface DetectedRegion extends Box {
  /** The detector's mean text probability inside the region, 0–1. */
  score: number;
  /** A tall, thin region: most likely a line of rotated text (read it at 90° and 270°). */
  vertical: boolean;
}

/** Per-call knobs for `TextDetector.detect`. */
export interface DetectOptions {
  /** Aborting rejects the call with `OcrAbortError`. */
  signal?: AbortSignal;
  /** Interactive work (the image under review) goes before batch work. Default `batch`. */
  priority?: OcrPriority;
  /**
   * The height in pixels of the smallest text the caller cares about, when known: a frame whose
   * text is large may then be downscaled before detection (faster), and one whose text is tiny is
   * upscaled instead. Default: the engine decides from the image size alone.
   */
  textHeight?: number;
  /** The longest side the image is resized to at most; default the engine's own (see its docs). */
  maxSide?: number;
}

/** Finds text-like regions at any grey level or colour, horizontal and vertical; never reads them. */
export interface TextDetector {
  /** Which engine this is, so a verify pass can tell it is not the proposer. */
  readonly engine: TextEngineName;
  /** The text regions of `image`, in its own pixel coordinates; `[]` when there is no text. */
  detect(image: TextImage, options?: DetectOptions): Promise<DetectedRegion[]>;
  /** Rejects queued and running calls with `OCR_CLOSED` and frees the engine's sessions. */
  close(): Promise<void>;
}

/**
 * How the region's crop was turned before it was read, clockwise: 90 reads text that runs
 * bottom-to-top (a side bar written upwards), 270 text that runs top-to-bottom.
 */
export type LineRotation = 0 | 90 | 270;

/**
 * One recognised character and where it lies along the line, in pixels of the source image on the
 * reading axis: image x for rotation 0, image y for 90 and 270 (`x0 <= x1` always). See
 * `charBox` for the image box of a character.
 */
export interface RecognizedChar {
  text: string;
  x0: number;
  x1: number;
}

/** What a recogniser read in one region. */
export interface RecognizedLine {
  /** The line as read, characters in reading order; `''` when nothing could be read. */
  text: string;
  /** 0–100; for an empty line, 0. */
  confidence: number;
  /** The rotation that read best (see `LineRotation`). */
  rotation: LineRotation;
  chars: RecognizedChar[];
}

/** Per-call knobs for `LineRecognizer.recognize` and `recognizeMany`. */
export interface RecognizeOptions {
  /** Aborting rejects the call with `OcrAbortError`. */
  signal?: AbortSignal;
  /** Interactive work (the image under review) goes before batch work. Default `batch`. */
  priority?: OcrPriority;
  /**
   * The rotations to try; the most confident read wins (the first on a tie). Default
   * `[90, 270, 0]` for a vertical region (`DetectedRegion.vertical`, or a plain box more than twice
   * as tall as wide: a side bar, or a lone narrow glyph such as `1`, hence 0 too) and `[0]` otherwise.
   */
  rotations?: readonly LineRotation[];
}

/** Reads one text region at a time (one line, possibly rotated). */
export interface LineRecognizer {
  /** Which engine this is, so a verify pass can tell it is not the proposer. */
  readonly engine: TextEngineName;
  /** Reads the text inside `box` of `image`; the box is clipped to the image. */
  recognize(image: TextImage, box: Box | DetectedRegion, options?: RecognizeOptions): Promise<RecognizedLine>;
  /** Reads every box of one image, results in the order of `boxes` (batched where the engine can). */
  recognizeMany(image: TextImage, boxes: readonly (Box | DetectedRegion)[], options?: RecognizeOptions): Promise<RecognizedLine[]>;
  /** Rejects queued and running calls with `OCR_CLOSED` and frees the engine's sessions. */
  close(): Promise<void>;
}

/** The engines this project ships: PaddleOCR PP-OCRv4 (ONNX) and tesseract.js. */
export type TextEngineName = 'ppocr' | 'tesseract';

/** Knobs shared by the engine factories' pools. */
export interface TextEnginePoolOptions {
  /**
   * Sessions (or workers) running at once; default `os.availableParallelism()`. Each runs the
   * engine with one thread of its own, so two never fight over one core.
   */
  size?: number;
}

/** The rotations `recognize` tries for `box` when the caller names none. */
export function defaultRotations(box: Box | DetectedRegion): readonly LineRotation[] {
  const vertical = 'vertical' in box ? box.vertical : box.h > 2 * box.w;
  return vertical ? [90, 270, 0] : [0];
}

/**
 * The image box of a recognised character of a line read in `region` (clipped to the region):
 * the character's span on the reading axis by the region's full extent across it.
 */
export function charBox(region: Box, line: Pick<RecognizedLine, 'rotation'>, char: RecognizedChar): Box {
  const horizontal = line.rotation === 0;
  const start = horizontal ? region.x : region.y;
  const end = start + (horizontal ? region.w : region.h);
  const x0 = Math.max(start, Math.min(end, char.x0));
  const x1 = Math.max(x0, Math.min(end, char.x1));
  return horizontal ? { x: x0, y: region.y, w: x1 - x0, h: region.h } : { x: region.x, y: x0, w: region.w, h: x1 - x0 };
}
