/**
 * PP-OCRv4 detection and recognition on the calling thread: one ONNX Runtime session per model,
 * loaded on first use. The pool (ppocrPool.ts) runs one of these per worker thread; every method
 * here is synchronous in effect, since ONNX Runtime's Node binding runs a session on the thread
 * that calls it.
 */
import { InferenceSession, Tensor } from 'onnxruntime-node';
import type { Box } from '../grayImage';
import { OcrAbortError, OcrError } from '../ocrErrors';
import type { DetectedRegion, LineRotation, RecognizedLine, TextImage } from '../textEngines';
import { defaultRotations } from '../textEngines';
import { checkTextImage, clipBox, cropUpright, uprightSpanToImage } from '../textImage';
import { ctcGreedyDecode } from './ctcDecode';
import { DEFAULT_DB_OPTIONS, dbRegions, type DbOptions } from './dbPostprocess';
import { detGeometry, detTensor } from './detInput';
import { checkPpocrModels, defaultPpocrModels, readCharacterSet, type PpocrModelPaths } from './ppocrModels';
import { batchWidth, REC_HEIGHT, recTensor, recWidth } from './recInput';

/** Knobs of `PpocrCore`. */
export interface PpocrCoreOptions {
  models?: PpocrModelPaths;
  /** ONNX Runtime threads per session (intra-op); default 1, so pooled workers never share a core. */
  threads?: number;
  db?: Partial<DbOptions>;
}

/** What `detect` takes besides the image. */
export interface CoreDetectOptions {
  maxSide?: number;
  textHeight?: number;
}

/** One region to read and the rotations to try. */
export interface CoreLineRequest {
  box: Box;
  rotations: readonly LineRotation[];
}

/** Lines read together in one batch; PaddleOCR's rec_batch_num. */
const REC_BATCH = 6;

/** An upright crop of one region at one rotation, and where its result goes. */
interface Attempt {
  request: number;
  box: Box;
  rotation: LineRotation;
  /** Its place in the request's rotations: the earlier wins a tie. */
  order: number;
  crop: TextImage;
}

/** PP-OCRv4 det + rec sessions on this thread. */
export class PpocrCore {
  private readonly models: PpocrModelPaths;
  private readonly sessionOptions: InferenceSession.SessionOptions;
  private readonly db: DbOptions;
  private det: Promise<InferenceSession> | null = null;
  private rec: Promise<{ session: InferenceSession; labels: string[] }> | null = null;
  private closed = false;

  constructor(opts: PpocrCoreOptions = {}) {
    this.models = opts.models ?? defaultPpocrModels();
    checkPpocrModels(this.models);
    this.sessionOptions = {
      intraOpNumThreads: Math.max(1, opts.threads ?? 1),
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      // ONNX Runtime's memory patterns pay only when input shapes are fixed: it plans and keeps one
      // block per shape seen, in an arena that never shrinks. Every image here has its own detection
      // size and every batch of lines its own width, so the arena kept growing (a mixed study: 935 →
      // 770-790 MB peak without them, detection time unchanged; npm run bench -- pixel).
      enableMemPattern: false,
      // Warnings about unused initialisers would reach the CLI's stderr.
      logSeverityLevel: 3,
    };
    this.db = { ...DEFAULT_DB_OPTIONS, ...opts.db };
  }

  /** The text regions of `image` (see `TextDetector.detect`). */
  async detect(image: TextImage, opts: CoreDetectOptions = {}, signal?: AbortSignal): Promise<DetectedRegion[]> {
    checkTextImage(image);
    const session = await this.detSession();
    throwIfAborted(signal);
    const geometry = detGeometry(image.width, image.height, opts);
    const input = new Tensor('float32', detTensor(image, geometry), [1, 3, geometry.height, geometry.width]);
    const output = await this.run(session, input);
    const prob = output.data as Float32Array;
    if (prob.length !== geometry.width * geometry.height) throw new OcrError('OCR_FAILED', `detection map has ${prob.length} values for ${geometry.width}x${geometry.height}`);
    return dbRegions(prob, geometry, image.width, image.height, this.db);
  }

  /**
   * Reads each requested region at each of its rotations and keeps the most confident read; an
   * empty region (outside the image) reads as nothing.
   */
  async recognize(image: TextImage, requests: readonly CoreLineRequest[], signal?: AbortSignal): Promise<RecognizedLine[]> {
    checkTextImage(image);
    const results: RecognizedLine[] = requests.map(() => ({ text: '', confidence: 0, rotation: 0, chars: [] }));
    const winners = requests.map(() => Infinity);
    const attempts: Attempt[] = [];
    requests.forEach((req, request) => {
      const box = clipBox(req.box, image.width, image.height);
      if (!box) return;
      const rotations = req.rotations.length > 0 ? req.rotations : defaultRotations(box);
      results[request].rotation = rotations[0];
      rotations.forEach((rotation, order) => attempts.push({ request, box, rotation, order, crop: cropUpright(image, box, rotation) }));
    });
    if (attempts.length === 0) return results;
    const { session, labels } = await this.recSession();
    // Lines of similar shape together, so little of a batch is padding (PaddleOCR sorts by ratio).
    attempts.sort((a, b) => a.crop.width / a.crop.height - b.crop.width / b.crop.height);
    for (let start = 0; start < attempts.length; start += REC_BATCH) {
      throwIfAborted(signal);
      const batch = attempts.slice(start, start + REC_BATCH);
      const width = batchWidth(batch.map((a) => a.crop));
      const input = new Tensor('float32', recTensor(batch.map((a) => a.crop), width), [batch.length, 3, REC_HEIGHT, width]);
      const output = await this.run(session, input);
      const [n, steps, classes] = output.dims;
      if (n !== batch.length || classes !== labels.length) throw new OcrError('OCR_FAILED', `recognition output ${output.dims.join('x')} does not fit the batch`);
      const probs = output.data as Float32Array;
      batch.forEach((attempt, i) => {
        const line = decodeLine(probs, i * steps * classes, steps, labels, attempt, width);
        const best = results[attempt.request];
        if (line.confidence > best.confidence || (line.confidence === best.confidence && line.text !== '' && attempt.order < winners[attempt.request])) {
          results[attempt.request] = line;
          winners[attempt.request] = attempt.order;
        }
      });
    }
    return results;
  }

  /** Frees both sessions; later calls fail with `OCR_CLOSED`. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const sessions = await Promise.allSettled([this.det, this.rec?.then((r) => r.session)]);
    for (const s of sessions) if (s.status === 'fulfilled' && s.value) await s.value.release();
  }

  private detSession(): Promise<InferenceSession> {
    if (this.closed) return Promise.reject(new OcrError('OCR_CLOSED', 'PP-OCR engine is closed'));
    this.det ??= this.load(this.models.detection);
    return this.det;
  }

  private recSession(): Promise<{ session: InferenceSession; labels: string[] }> {
    if (this.closed) return Promise.reject(new OcrError('OCR_CLOSED', 'PP-OCR engine is closed'));
    this.rec ??= this.load(this.models.recognition).then((session) => {
      const classes = session.outputMetadata[0];
      const shape = classes.isTensor ? classes.shape : [];
      const last = shape[shape.length - 1];
      return { session, labels: readCharacterSet(this.models.keys, typeof last === 'number' ? last : undefined) };
    });
    return this.rec;
  }

  private async load(file: string): Promise<InferenceSession> {
    try {
      return await InferenceSession.create(file, this.sessionOptions);
    } catch (cause) {
      throw new OcrError('OCR_ENGINE_START', `PP-OCR model could not be loaded: ${file}: ${String(cause)}`, { cause });
    }
  }

  private async run(session: InferenceSession, input: Tensor): Promise<Tensor> {
    if (this.closed) throw new OcrError('OCR_CLOSED', 'PP-OCR engine is closed');
    try {
      const out = await session.run({ [session.inputNames[0]]: input });
      return out[session.outputNames[0]];
    } catch (cause) {
      throw new OcrError('OCR_FAILED', `PP-OCR could not run: ${String(cause)}`, { cause });
    }
  }
}

/** One attempt's characters, with positions mapped from CTC time steps back to image pixels. */
function decodeLine(probs: Float32Array, offset: number, steps: number, labels: readonly string[], attempt: Attempt, paddedWidth: number): RecognizedLine {
  const { chars, confidence } = ctcGreedyDecode(probs, offset, steps, labels);
  // Each time step covers paddedWidth / steps input pixels; the crop was stretched to recWidth.
  const perStep = paddedWidth / steps / (recWidth(attempt.crop) / attempt.crop.width);
  const limit = attempt.crop.width;
  // Spaces at either end are padding the model read, not characters of the line.
  let first = 0;
  let last = chars.length;
  while (first < last && chars[first].text === ' ') first++;
  while (last > first && chars[last - 1].text === ' ') last--;
  const kept = chars.slice(first, last);
  const mapped = kept.map((c) => {
    const a = Math.min(limit, c.t0 * perStep);
    const b = Math.min(limit, (c.t1 + 1) * perStep);
    return { text: c.text, ...uprightSpanToImage(attempt.box, attempt.rotation, a, b) };
  });
  return { text: kept.map((c) => c.text).join(''), confidence, rotation: attempt.rotation, chars: mapped };
}

function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new OcrAbortError(signal.reason);
}
