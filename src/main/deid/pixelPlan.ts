/**
 * What a de-identification task must do to an image's pixels, as plain data from the database:
 * whether the OCR record covers the file as it is, the boxes to burn into frames and to clear in
 * overlays, and whether hidden Pixel Data bits must be cleared. Built on the main thread, carried
 * by the task to the worker that writes the file.
 */
import type { DeidOptionCode } from '../../shared/deidOptions';
import type { AppDatabase } from '../db/database';
import type { StoredFileRow } from '../db/fileRow';
import { getImageOcr, listRects, BURNED_STATUSES } from '../db/rectsRepo';
import { OCR_ENGINE } from '../ocr/ocrImage';
import type { OverlayBox } from '../pixels/overlayRedaction';
import type { FrameBox } from '../pixels/redactPixels';

/** How an image's pixels are to be cleaned. */
export interface PixelPlan {
  /**
   * `done`: every frame and overlay was read from the file as it is now; `not-read`: no record;
   * `stale`: the file changed since it was read; `undecodable` and `failed`: the read failed.
   */
  ocr: 'done' | 'not-read' | 'stale' | 'undecodable' | 'failed';
  /** The reader's message when it failed (e.g. "cannot decode JPEG XL"). */
  ocrError: string | null;
  /** Boxes not rejected (proposed, approved; OCR, manual and rule boxes alike) on Pixel Data. */
  frameBoxes: FrameBox[];
  /** Boxes not rejected on overlay planes, by overlay group. */
  overlayBoxes: Record<number, OverlayBox[]>;
  /** Pixel Data holds overlays or other data in bits outside Bits Stored: rewrite to clear them. */
  clearHiddenBits: boolean;
  /** Option 113103: keep Overlay Data groups, with their boxes cleared. */
  keepOverlays: boolean;
  /**
   * Set when the verify pass found text in the redacted output: the image is still redacted but
   * uncleaned (withheld, or written as uncleaned with --allow-uncleaned).
   */
  verifyProblem?: string;
}

/** The plan for an indexed image that needs cleaning. */
export function planPixels(db: AppDatabase, row: StoredFileRow, options: readonly DeidOptionCode[]): PixelPlan {
  const record = getImageOcr(db, row.id);
  const ocr: PixelPlan['ocr'] = !record || record.engine !== OCR_ENGINE
    ? 'not-read'
    : record.size !== row.size || record.mtimeMs !== row.mtimeMs
      ? 'stale'
      : record.status;
  const frameBoxes: FrameBox[] = [];
  const overlayBoxes: Record<number, OverlayBox[]> = {};
  for (const r of listRects(db, row.id)) {
    if (!BURNED_STATUSES.includes(r.status)) continue;
    const box = { frame: r.frame, x: r.x, y: r.y, w: r.w, h: r.h };
    if (r.plane === 'frame') frameBoxes.push(box);
    else (overlayBoxes[r.overlayGroup ?? 0] ??= []).push(box);
  }
  const pixelBitGroups = (row.overlayGroups ?? []).some((g) => g.bitPosition !== 0 && !g.hasData);
  return {
    ocr,
    ocrError: record?.error ?? null,
    frameBoxes,
    overlayBoxes,
    clearHiddenBits: pixelBitGroups || (record?.overlaysRead ?? []).includes(0),
    keepOverlays: options.includes('113103'),
  };
}

/** Why an image cannot be called clean (empty when it can), for the report. */
export function unreadReason(plan: PixelPlan): string {
  switch (plan.ocr) {
    case 'done':
      return plan.verifyProblem ?? '';
    case 'not-read':
      return 'pixels not read by OCR (run interrupted?)';
    case 'stale':
      return 'the file changed since its pixels were read';
    case 'undecodable':
      return plan.ocrError ?? 'cannot decode the pixels';
    case 'failed':
      return `OCR failed: ${plan.ocrError ?? 'unknown error'}`;
  }
}
