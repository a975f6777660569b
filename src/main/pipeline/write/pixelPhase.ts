/**
 * The pixel side of a de-identification run: the find-text stage before writing, the pixel plan
 * each image task carries to its worker, and the verify pass on every image the verdict calls
 * clean or burns (published only when the independent check finds no text left; withheld
 * otherwise), so 113101 is recorded only on images whose pixels were proven clean.
 */
import { existsSync, unlinkSync } from 'node:fs';
import type { DeidOptionCode } from '../../../shared/deidOptions';
import type { JobProgress } from '../../../shared/progress';
import type { AppDatabase } from '../../db/database';
import type { StoredFileRow } from '../../db/fileRow';
import { insertRects, listRects, type NewRect } from '../../db/rectsRepo';
import { commitPending } from '../../dicom/chunkFile';
import type { DeidFileResult, DeidFileTask } from '../../deid/deidentifyFile';
import type { PixelPlan } from '../../deid/pixelPlan';
import { createPatientMatcher } from '../findText/patientMatcher';
import type { PixelEngines } from '../../ocr/engines/pixelEngines';
import type { TextLeft } from '../../ocr/verifyText';
import { planPixels } from '../findText/planPixels';
import { describeFindings, explainedBoxes, verifyImageFile } from './verifyImage';
import { ocrRun, recordWriterGate, SeriesReads, type OcrRunResult } from '../findText/ocrRun';

/** What the pixel phase needs. */
interface PixelPhaseOptions {
  db: AppDatabase;
  input: string;
  options: readonly DeidOptionCode[];
  redactAllText: boolean;
  /** The run's project: its allow and deny lists judge the text. */
  projectId?: number;
  engines: PixelEngines;
  signal?: AbortSignal;
  onProgress?: (p: JobProgress) => void;
}

/** The OCR phase's outcome and the hooks the write phase calls. */
export interface PixelPhase {
  ocr: OcrRunResult;
  /**
   * Verifies an image left pending by its worker (cleaned or burned), then publishes it. Text the
   * verify pass finds outside the explained regions is recorded as proposed boxes and the image
   * burned again (up to VERIFY_ROUNDS times); when text remains, the output is discarded and the
   * image withheld (with --allow-uncleaned: written again, marked uncleaned, via `rerun`).
   */
  settle(task: DeidFileTask, row: StoredFileRow, result: DeidFileResult, rerun: (task: DeidFileTask) => Promise<DeidFileResult>): Promise<DeidFileResult>;
  /**
   * Reads an image the writer could not write as it was planned, then writes it again with its
   * boxes burned (and hidden bits cleared), verified as in `settle`: one the writer's gate did not
   * clear (a result with `unread`), or one whose copy found hidden bits its header did not declare
   * (`hiddenBits`).
   */
  rescue(task: DeidFileTask, row: StoredFileRow, rerun: (task: DeidFileTask) => Promise<DeidFileResult>): Promise<DeidFileResult>;
  /** Records the read of an image the writer's worker gated and cleared whole (a result with `gated`). */
  recordGate(row: StoredFileRow, gated: NonNullable<DeidFileResult['gated']>): void;
  /** Images the find-text stage left for the writer's gate (`PixelPlan.gateInWriter`). */
  deferred: ReadonlySet<number>;
  /** Redacted images verified clean, and those whose verify found text or failed. */
  counts: { verified: number; verifyFailed: number; rescued: number };
}

/** Runs the OCR phase over the input folder and returns the hooks for the write phase. */
export async function runPixelPhase(o: PixelPhaseOptions): Promise<PixelPhase> {
  const matcher = createPatientMatcher(o.db, o.redactAllText, o.projectId);
  // Images not read yet are gated by the writer's worker as it opens them (one open for an image
  // the gate clears); the ones it does not clear come back to `rescue`.
  const ocr = await ocrRun({ db: o.db, folder: o.input, options: o.options, redactAllText: o.redactAllText, engines: o.engines, matcher, signal: o.signal, onProgress: o.onProgress, deferUnread: true });
  const counts = { verified: 0, verifyFailed: 0, rescued: 0 };
  // The images read one by one as the writer hands them back share their series' reads.
  const seriesReads = new SeriesReads();
  const phase: PixelPhase = {
    ocr,
    counts,
    deferred: new Set(ocr.deferred),
    recordGate(row, gated) {
      recordWriterGate(o.db, row, gated, matcher(row).key);
      ocr.read++;
      ocr.gateCleared++;
    },
    async settle(task, row, first, rerun) {
      let result = first;
      // A frame a round found clean and the next writes the same is not checked again.
      const checkedClean = new Set<string>();
      // The plan the pending output was written with (each round burns what the last one found).
      let written = task.pixels;
      for (let round = 1; result.pending && row; round++) {
        const pending = result.pending;
        try {
          // The writer's worker already gated the written file (nothing burned, every frame cleared):
          // the same check checkTextLeft makes of unburned frames, so it is not made twice.
          const v = result.gateVerified
            ? { status: 'clean' as const, findings: [], error: null }
            : await verifyImageFile(pending, { engines: o.engines.verify, explained: explainedBoxes(listRects(o.db, row.id)), signal: o.signal, unburnedFrame: unburnedFrames(written), checkedClean });
          if (v.status === 'clean') {
            counts.verified++;
            const outcome = commitPending(pending, task.target, task.overwrite);
            if (outcome === 'exists-differs') return { status: 'failed', reason: `output ${task.target} exists with different content (use --overwrite)` };
            return { ...result, status: outcome, pending: undefined, gateVerified: undefined };
          }
          unlinkSync(pending);
          if (v.status === 'found' && round < VERIFY_ROUNDS) {
            // Read now, missed before: burn it too, on record, and look again.
            insertRects(o.db, row.id, v.findings.map((f) => findingRect(f)), 'verify');
            written = planPixels(o.db, row, o.options);
            result = await rerun({ ...task, pixels: written });
            continue;
          }
          counts.verifyFailed++;
          const problem = v.status === 'found' ? `verify found text left: ${describeFindings(v.findings)}` : `verify could not read the output: ${v.error}`;
          if (!task.allowUncleaned) return { status: 'withheld', reason: `pixels not cleaned: ${problem}`, uncleaned: [problem] };
          return await rerun({ ...task, pendingVerify: false, pixels: { ...planPixels(o.db, row, o.options), verifyProblem: problem } });
        } finally {
          // Never left behind, never renamed into place unverified.
          if (existsSync(pending)) unlinkSync(pending);
        }
      }
      return result;
    },
    async rescue(task, row, rerun) {
      const read = await ocrRun({ db: o.db, folder: o.input, rows: [row], options: o.options, redactAllText: o.redactAllText, engines: o.engines, matcher, seriesReads, signal: o.signal });
      if (read.interrupted) throw o.signal?.reason ?? new Error('interrupted');
      ocr.proposed += read.proposed;
      const handedBack = task.pixels?.gateInWriter === true;
      if (handedBack) {
        // Left for the writer's gate and not cleared by it: this is its read.
        ocr.read += read.read;
        ocr.gateCleared += read.gateCleared;
        ocr.failed += read.failed;
        ocr.undecodable += read.undecodable;
      }
      const planned = attachPixelPlan(o.db, task, row, o.options);
      const result = await rerun(planned);
      if (!handedBack && (result.status === 'written' || result.pending)) counts.rescued++;
      return result.pending ? phase.settle(planned, row, result, rerun) : result;
    },
  };
  return phase;
}

/**
 * The task with what the rect database holds for its image (OCR record, boxes to burn, hidden bits
 * to clear): the writer's pixel verdict decides from it and the file's own header. An output the
 * verdict calls clean or burns is left pending, to be verified before it is published.
 */
export function attachPixelPlan(db: AppDatabase, task: DeidFileTask, row: StoredFileRow, options: readonly DeidOptionCode[], gateInWriter = false): DeidFileTask {
  if (!row.hasPixelData) return task;
  const plan = planPixels(db, row, options);
  // Only an image still unread is gated by the writer (a current record says what it holds); one
  // with boxes drawn on it comes back unread, to be read and burned (`workers/workerHandlers.ts`).
  return { ...task, pixels: gateInWriter && plan.ocr !== 'done' ? { ...plan, gateInWriter: true } : plan, pendingVerify: true };
}

/**
 * Which frames of a task's output are its input's pixels untouched: none when hidden bits are
 * cleared or a box covers every frame; otherwise those no frame box names.
 */
function unburnedFrames(plan: PixelPlan | undefined): (frame: number) => boolean {
  if (!plan || plan.clearHiddenBits || plan.frameBoxes.some((b) => b.frame === null)) return () => false;
  const burned = new Set(plan.frameBoxes.map((b) => b.frame));
  return (frame) => !burned.has(frame);
}

/** A verify finding as a proposed box of the input's record. */
function findingRect(f: TextLeft): NewRect {
  const how = f.method === 'detector' ? 'text region left, found by the detector' : 'text read by tesseract';
  return { plane: f.plane, overlayGroup: f.overlayGroup, frame: f.frame, ...f.box, text: f.text, source: 'ocr', status: 'proposed', reason: `${how} (verify)` };
}

/** Verify passes on one image: text still read after the last withholds the image. */
const VERIFY_ROUNDS = 3;
