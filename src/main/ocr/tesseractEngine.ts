/**
 * One tesseract.js worker (a worker thread running the WASM core), fully offline: the core is
 * `require`d from node_modules by tesseract.js's Node worker script, and the LSTM-only "best_int"
 * English model is read from @tesseract.js-data/eng with the cache disabled, so nothing is fetched
 * and nothing is written next to the app.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Worker as ThreadWorker } from 'node:worker_threads';
import { gunzipSync } from 'node:zlib';
import Tesseract from 'tesseract.js';
import type { Box, Gray8Image } from './grayImage';
import { encodePgm } from './grayImage';
import { OcrError } from './ocrErrors';

/** One recognised word, in the coordinates of the image it was read from. */
export interface OcrWord {
  text: string;
  /** Tesseract's word confidence, 0-100. */
  confidence: number;
  box: Box;
}

/** What the pool needs from an OCR engine; one engine runs one job at a time. */
export interface OcrEngine {
  recognize(image: Gray8Image): Promise<OcrWord[]>;
  /** Stops the engine at once; a recognize in flight is rejected. */
  terminate(): Promise<void>;
}

/** Knobs for `createTesseractEngine`. */
export interface TesseractEngineOptions {
  /** Folder holding `eng.traineddata.gz`; default: @tesseract.js-data/eng's 4.0.0_best_int. */
  langPath?: string;
  /**
   * Page segmentation mode; default 11 (sparse text), which looks for as much text as possible in
   * no particular order: burned-in annotations are scattered labels, not a page of prose.
   */
  pageSegMode?: string;
  /** Extra tesseract parameters (merged over the defaults). */
  params?: Record<string, string>;
}

const requireHere = createRequire(import.meta.url);

/** The bundled LSTM-only English model folder (the small "best_int" build, 2.9 MB gzipped). */
export function defaultLangPath(): string {
  return path.join(path.dirname(requireHere.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}

const checkedModels = new Set<string>();

/** Fails fast, once per folder, on a missing or damaged gzip model (a truncated install). */
function checkModel(langPath: string): void {
  const model = path.join(langPath, 'eng.traineddata.gz');
  if (checkedModels.has(model)) return;
  if (!existsSync(model)) throw new OcrError('OCR_ENGINE_START', `OCR model not found: ${model}`);
  try {
    gunzipSync(readFileSync(model));
  } catch (cause) {
    throw new OcrError('OCR_ENGINE_START', `OCR model is damaged: ${model}`, { cause });
  }
  checkedModels.add(model);
}

const DEFAULT_PARAMS: Record<string, string> = {
  // A fixed resolution stops tesseract estimating one per image (and printing that it did).
  user_defined_dpi: '300',
  // tesseract's debug messages ("Detected 53 diacritics") would go to our stderr, between the CLI's lines.
  debug_file: '/dev/null',
};

/**
 * Starts one tesseract worker; resolves once the model is loaded and initialised, rejects with
 * `OCR_ENGINE_START` when the model is missing or cannot be loaded.
 */
export async function createTesseractEngine(opts: TesseractEngineOptions = {}): Promise<OcrEngine> {
  const langPath = opts.langPath ?? defaultLangPath();
  checkModel(langPath);
  // tesseract.js swallows a failed language load or initialisation and never settles
  // createWorker; its errorHandler is the only sign, so it fails the start instead. That worker
  // thread cannot be reached to terminate it, which is why checkModel catches the likely causes
  // (missing or truncated model) before any thread starts.
  let failStart: (e: unknown) => void = () => {};
  const startFailed = new Promise<never>((_, reject) => {
    failStart = reject;
  });
  let started = false;
  let worker: Tesseract.Worker;
  try {
    worker = await Promise.race([
      Tesseract.createWorker('eng', Tesseract.OEM.LSTM_ONLY, {
        langPath,
        gzip: true,
        cacheMethod: 'none',
        // Without a handler tesseract.js rethrows worker-side rejections from its message
        // listener, which would surface as an uncaught exception instead of a rejected job.
        errorHandler: (e: unknown) => {
          if (!started) failStart(e);
        },
      }),
      startFailed,
    ]);
  } catch (cause) {
    throw new OcrError('OCR_ENGINE_START', `tesseract worker failed to start: ${String(cause)}`, { cause });
  }
  started = true;
  await worker.setParameters({
    ...DEFAULT_PARAMS,
    tessedit_pageseg_mode: (opts.pageSegMode ?? Tesseract.PSM.SPARSE_TEXT) as Tesseract.PSM,
    ...opts.params,
  });

  // tesseract.js sets `onerror` on the thread, which Node's Worker ignores; listen for real so a
  // crashed WASM core fails the job in flight instead of leaving it pending (or killing the app).
  const thread = (worker as unknown as { worker?: ThreadWorker }).worker;
  let terminated = false;
  let rejectCrash: (e: OcrError) => void = () => {};
  const crashed = new Promise<never>((_, reject) => {
    rejectCrash = reject;
  });
  crashed.catch(() => {});
  thread?.on('error', (e) => rejectCrash(new OcrError('OCR_ENGINE_CRASHED', `tesseract worker crashed: ${e.message}`, { cause: e })));
  thread?.on('exit', (exitCode) => {
    rejectCrash(
      terminated
        ? new OcrError('OCR_CLOSED', 'tesseract worker was terminated')
        : new OcrError('OCR_ENGINE_CRASHED', `tesseract worker exited with code ${exitCode}`),
    );
  });

  return {
    async recognize(image: Gray8Image): Promise<OcrWord[]> {
      if (terminated) throw new OcrError('OCR_CLOSED', 'tesseract worker was terminated');
      const bytes = Buffer.from(encodePgm(image).buffer);
      let result: Tesseract.RecognizeResult;
      try {
        result = await Promise.race([worker.recognize(bytes, {}, { blocks: true, text: false }), crashed]);
      } catch (cause) {
        if (cause instanceof OcrError) throw cause;
        throw new OcrError('OCR_FAILED', `tesseract could not read the image: ${String(cause)}`, { cause });
      }
      return wordsOf(result.data);
    },
    async terminate(): Promise<void> {
      if (terminated) return;
      terminated = true;
      await worker.terminate();
    },
  };
}

/** Flattens tesseract's blocks > paragraphs > lines > words tree into boxes with text. */
export function wordsOf(page: Pick<Tesseract.Page, 'blocks'>): OcrWord[] {
  const words: OcrWord[] = [];
  for (const block of page.blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        for (const word of line.words) {
          const text = word.text.trim();
          if (text === '') continue;
          const { x0, y0, x1, y1 } = word.bbox;
          words.push({ text, confidence: word.confidence, box: { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } });
        }
      }
    }
  }
  return words;
}
