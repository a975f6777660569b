/**
 * The engines of the pixel pipeline, made once and shared by a run: PP-OCR finds and reads the
 * text that becomes proposals; the verify pass looks again with the detector and reads with
 * tesseract, an engine that did not propose the boxes.
 */
import { createPpocrEngine } from '../ppocr/ppocrEngine';
import { createOcrPool } from '../tesseractPool';
import type { FindEngines } from '../textFinder';
import type { VerifyEngines } from '../verifyText';

/** The find and verify engines of a run, and how to free them. */
export interface PixelEngines {
  find: FindEngines;
  verify: VerifyEngines;
  close(): Promise<void>;
}

/** Makes the engines, each pool sized to the cores (`size`), nothing loaded until first used. */
export function createPixelEngines(opts: { size?: number } = {}): PixelEngines {
  const ppocr = createPpocrEngine({ size: opts.size });
  const tesseract = createOcrPool({ size: opts.size });
  return {
    find: { detector: ppocr, recognizer: ppocr },
    verify: { detector: ppocr, tesseract },
    async close() {
      await Promise.all([ppocr.close(), tesseract.close()]);
    },
  };
}
