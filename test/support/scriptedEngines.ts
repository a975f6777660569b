/**
 * Text engines that answer from a script instead of a model, for tests of the stages around them:
 * the detector finds the scripted regions in every picture, the recogniser reads the text scripted
 * at a region's x, and the verify pass's tesseract reads the scripted words. Calls are counted.
 */
import type { PixelEngines } from '../../src/main/ocr/engines/pixelEngines';
import type { DetectedRegion, LineRecognizer, RecognizedLine, TextDetector } from '../../src/main/ocr/textEngines';
import { createOcrPool } from '../../src/main/ocr/tesseractPool';
import type { OcrWord } from '../../src/main/ocr/tesseractEngine';

/** What the engines say, changeable between calls. */
interface EngineScript {
  /** Regions the detector finds (in every picture it is shown). */
  regions: DetectedRegion[];
  /** Text read in a region, by its x; a region whose x is not listed reads as nothing. */
  text: Record<number, string>;
  /** Words tesseract reads in every frame the verify pass shows it. */
  tesseract: OcrWord[];
}

/** Scripted engines and their call counts. */
export interface ScriptedEngines extends PixelEngines {
  script: EngineScript;
  calls: { detect: number; recognize: number; tesseract: number };
}

/** A region at `x, y` of `w × h`, detector score 0.9. */
export function region(x: number, y: number, w: number, h: number): DetectedRegion {
  return { x, y, w, h, score: 0.9, vertical: false };
}

/**
 * A recogniser that reads `textAt(x)` in a box at x (nothing when undefined), telling `onRead` how
 * many boxes each call read. `textAt` is asked at call time, so a script may change between calls.
 */
export function scriptedRecognizer(textAt: (x: number) => string | undefined, onRead: (boxes: number) => void = () => {}): LineRecognizer {
  const line = (x: number): RecognizedLine => {
    const t = textAt(x) ?? '';
    return { text: t, confidence: t ? 95 : 0, rotation: 0, chars: [] };
  };
  return {
    engine: 'ppocr',
    async recognize(_image, box) {
      onRead(1);
      return line(box.x);
    },
    async recognizeMany(_image, boxes) {
      onRead(boxes.length);
      return boxes.map((b) => line(b.x));
    },
    async close() {},
  };
}

/** Engines that follow `script` (mutable: change it between calls). */
export function scriptedEngines(script: EngineScript): ScriptedEngines {
  const calls = { detect: 0, recognize: 0, tesseract: 0 };
  const detector: TextDetector = {
    engine: 'ppocr',
    async detect() {
      calls.detect++;
      return script.regions.map((r) => ({ ...r }));
    },
    async close() {},
  };
  const recognizer = scriptedRecognizer((x) => script.text[x], (n) => {
    calls.recognize += n;
  });
  const tesseract = createOcrPool({
    size: 1,
    createEngine: async () => ({
      recognize: async () => {
        calls.tesseract++;
        return script.tesseract;
      },
      terminate: async () => {},
    }),
  });
  return {
    script,
    calls,
    find: { detector, recognizer },
    verify: { detector, tesseract },
    async close() {
      await tesseract.close();
    },
  };
}
