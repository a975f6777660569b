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
import { ocrRun, type OcrRunResult } from '../findText/ocrRun';
import type { TaskRunner } from '../../workers/workerPool';

/** What the pixel phase needs. */
interface PixelPhaseOptions {
  db: AppDatabase;
  input: string;
  options: readonly DeidOptionCode[];
  redactAllText: boolean;
  /** The run's project: its allow and deny lists judge the text. */
  projectId?: number;
  engines: PixelEngines;
  /** Worker threads the find-text stage gates images on (see `ocrRun`). */
  runner?: TaskRunner;
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
   * Cleans an image whose copy found hidden bits its header did not declare (a result with
   * `hiddenBits`): reads it like any image that needs cleaning, then writes it again with those
   * bits cleared and its boxes burned, verified as in `settle`.
   */
  rescue(task: DeidFileTask, row: StoredFileRow, rerun: (task: DeidFileTask) => Promise<DeidFileResult>): Promise<DeidFileResult>;
  /**
   * The gate's fingerprint of an input it cleared whole in this run's find-text stage (see
   * `PixelPlan.gatedInput`); undefined for any other image.
   */
  gatedInput(fileId: number): string | undefined;
  /** Redacted images verified clean, and those whose verify found text or failed. */
  counts: { verified: number; verifyFailed: number; rescued: number };
}

/** Runs the OCR phase over the input folder and returns the hooks for the write phase. */
export async function runPixelPhase(o: PixelPhaseOptions): Promise<PixelPhase> {
  const matcher = createPatientMatcher(o.db, o.redactAllText, o.projectId);
  // One short hex string per image the gate cleared: small, and dropped with the phase.
  const gated = new Map<number, string>();
  const ocr = await ocrRun({ db: o.db, folder: o.input, options: o.options, redactAllText: o.redactAllText, engines: o.engines, matcher, runner: o.runner, signal: o.signal, onProgress: o.onProgress, onGateCleared: (id, fingerprint) => gated.set(id, fingerprint) });
  const counts = { verified: 0, verifyFailed: 0, rescued: 0 };
  const phase: PixelPhase = {
    ocr,
    counts,
    gatedInput: (fileId) => gated.get(fileId),
    async settle(task, row, first, rerun) {
      let result = first;
      for (let round = 1; result.pending && row; round++) {
        const pending = result.pending;
        try {
          // The writer's worker already gated the written file (nothing burned, every frame cleared):
          // the same check checkTextLeft makes of unburned frames, so it is not made twice.
          const v = result.gateVerified
            ? { status: 'clean' as const, findings: [], error: null }
            : await verifyImageFile(pending, { engines: o.engines.verify, explained: explainedBoxes(listRects(o.db, row.id)), signal: o.signal, unburnedFrame: unburnedFrames(task.pixels) });
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
            result = await rerun({ ...task, pixels: planPixels(o.db, row, o.options) });
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
      const read = await ocrRun({ db: o.db, folder: o.input, rows: [row], options: o.options, redactAllText: o.redactAllText, engines: o.engines, matcher, signal: o.signal });
      ocr.proposed += read.proposed;
      const planned = attachPixelPlan(o.db, task, row, o.options);
      const result = await rerun(planned);
      if (result.status === 'written' || result.pending) counts.rescued++;
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
export function attachPixelPlan(db: AppDatabase, task: DeidFileTask, row: StoredFileRow, options: readonly DeidOptionCode[], gatedInput?: string): DeidFileTask {
  if (!row.hasPixelData) return task;
  const plan = planPixels(db, row, options);
  // The fingerprint is only worth carrying where the plan is the gate's clearance.
  return { ...task, pixels: plan.gateCleared && gatedInput ? { ...plan, gatedInput } : plan, pendingVerify: true };
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
