/**
 * A `LineRecognizer` over tesseract.js (the existing `tesseractPool`), with preprocessing of its
 * own, so a verify pass can read with an engine that did not propose the boxes (PP-OCR).
 *
 * Each region is cut out and turned upright, then made into the picture tesseract's LSTM reads
 * best: the distance of every pixel from the region's background colour (so text of any colour
 * or polarity becomes ink), contrast-stretched, as dark ink on white, magnified about x2 for
 * console text, inside a white border (tesseract drops text that touches the image edge).
 */
import type { Box, Gray8Image } from './grayImage';
import { OcrAbortError } from './ocrErrors';
import { cropMagnify } from './resample';
import type { OcrWord } from './tesseractEngine';
import { createOcrPool, type OcrPool } from './tesseractPool';
import type { DetectedRegion, LineRecognizer, LineRotation, RecognizedChar, RecognizedLine, RecognizeOptions, TextEnginePoolOptions, TextImage } from './textEngines';
import { defaultRotations } from './textEngines';
import { checkTextImage, clipBox, cropUpright, uprightSpanToImage } from './textImage';

/** Knobs of `createTesseractLineRecognizer`. */
interface TesseractLineRecognizerOptions extends TextEnginePoolOptions {
  /**
   * The pool to read with; default a pool of its own (one tesseract.js worker per core, each
   * single-threaded) reading in page segmentation mode 6, one block of text, because a region holds
   * one line, sometimes two. A pool passed in is not closed by `close()`.
   */
  pool?: OcrPool;
}

/** Output pixels of white border around each region. */
const PAD = 12;
/**
 * The crop height (source pixels, region box included) magnified to about this many pixels, by
 * an integer factor. Measured on the text scenes (test/fixtures/textScenes.ts), strings read:
 * 24 → 24 of 26, 30 → 23, 36 → 22, 45 → 24, 54 → 23 (x4 breaks the 1-pixel font into blobs).
 */
const TARGET_HEIGHT = 24;
const MAX_FACTOR = 4;

/** Creates the recogniser; tesseract workers start on first use. */
export function createTesseractLineRecognizer(opts: TesseractLineRecognizerOptions = {}): LineRecognizer {
  const pool = opts.pool ?? createOcrPool({ size: opts.size, engine: { pageSegMode: '6' } });
  const owned = opts.pool === undefined;

  const readOne = async (image: TextImage, region: Box | DetectedRegion, options: RecognizeOptions): Promise<RecognizedLine> => {
    const box = clipBox(region, image.width, image.height);
    const rotations = options.rotations ?? defaultRotations(region);
    let best: RecognizedLine = { text: '', confidence: 0, rotation: rotations[0] ?? 0, chars: [] };
    if (!box) return best;
    for (const rotation of rotations) {
      if (options.signal?.aborted) throw new OcrAbortError(options.signal.reason);
      const prepared = prepareRegion(image, box, rotation);
      const words = await pool.recognize(prepared.image, options.signal, options.priority);
      const line = lineOf(words, prepared.factor, box, rotation, prepared.width);
      // tesseract scores some lines it did read at 0: text read beats nothing read.
      if (line.confidence > best.confidence || (best.text === '' && line.text !== '')) best = line;
    }
    return best;
  };

  const recognizeMany = async (image: TextImage, boxes: readonly (Box | DetectedRegion)[], options: RecognizeOptions = {}): Promise<RecognizedLine[]> => {
    checkTextImage(image);
    // The pool runs regions in parallel across its workers.
    return Promise.all(boxes.map((box) => readOne(image, box, options)));
  };

  return {
    engine: 'tesseract',
    async recognize(image, box, options = {}) {
      checkTextImage(image);
      return readOne(image, box, options);
    },
    recognizeMany,
    async close() {
      if (owned) await pool.close();
    },
  };
}

/** The tesseract-ready picture of one region, and how it was magnified. */
function prepareRegion(image: TextImage, box: Box, rotation: LineRotation): { image: Gray8Image; factor: number; width: number } {
  const crop = cropUpright(image, box, rotation);
  const ink = inkDistance(crop);
  const factor = Math.max(1, Math.min(MAX_FACTOR, Math.round(TARGET_HEIGHT / crop.height)));
  return { image: cropMagnify(ink, { x: 0, y: 0, w: crop.width, h: crop.height }, factor, PAD, 255), factor, width: crop.width };
}

/**
 * Dark ink on white: each pixel's largest per-channel distance from the crop's background colour
 * (the median of its outermost pixels), stretched from the median distance (white) to the
 * strongest 1 % (black).
 */
function inkDistance(crop: TextImage): Gray8Image {
  const { width, height, channels: c, data } = crop;
  const background = Array.from({ length: c }, (_, k) => {
    const values: number[] = [];
    for (let x = 0; x < width; x++) values.push(data[x * c + k], data[((height - 1) * width + x) * c + k]);
    for (let y = 0; y < height; y++) values.push(data[y * width * c + k], data[(y * width + width - 1) * c + k]);
    values.sort((a, b) => a - b);
    return values[values.length >> 1];
  });
  const distance = new Uint8Array(width * height);
  for (let i = 0; i < distance.length; i++) {
    let d = 0;
    for (let k = 0; k < c; k++) d = Math.max(d, Math.abs(data[i * c + k] - background[k]));
    distance[i] = d;
  }
  // Background noise (the median distance: ink covers well under half a line's box) goes to
  // white, so tesseract sees clean paper; the strongest 1 % is full black.
  const sorted = Uint8Array.from(distance).sort();
  const floor = sorted[sorted.length >> 1];
  const span = Math.max(1, sorted[Math.floor(sorted.length * 0.99)] - floor);
  const out = new Uint8Array(distance.length);
  for (let i = 0; i < out.length; i++) out[i] = 255 - Math.max(0, Math.min(255, Math.round(((distance[i] - floor) * 255) / span)));
  return { data: out, width, height };
}

/**
 * The words tesseract read in a prepared region as one line in reading order: the text joined by
 * spaces, the confidence averaged over characters, and each character's span (a word's box shared
 * evenly among its letters: tesseract.js gives no finer positions here) mapped back to the image.
 */
function lineOf(words: readonly OcrWord[], factor: number, box: Box, rotation: LineRotation, cropWidth: number): RecognizedLine {
  const sorted = [...words].sort((a, b) => a.box.y + a.box.h / 2 - (b.box.y + b.box.h / 2) || a.box.x - b.box.x);
  const chars: RecognizedChar[] = [];
  let weighted = 0;
  let letters = 0;
  const toCrop = (x: number): number => Math.max(0, Math.min(cropWidth, (x - PAD) / factor));
  for (const word of sorted) {
    const glyphs = [...word.text];
    const step = word.box.w / glyphs.length;
    glyphs.forEach((g, i) => {
      const a = toCrop(word.box.x + i * step);
      const b = toCrop(word.box.x + (i + 1) * step);
      chars.push({ text: g, ...uprightSpanToImage(box, rotation, a, b) });
    });
    weighted += word.confidence * glyphs.length;
    letters += glyphs.length;
  }
  return { text: sorted.map((w) => w.text).join(' '), confidence: letters === 0 ? 0 : weighted / letters, rotation, chars };
}
