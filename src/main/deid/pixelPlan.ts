/**
 * What a de-identification task must do to an image's pixels, as plain data (built from the database by
 * `pipeline/write/planPixels.ts`):
 * whether the OCR record covers the file as it is, the boxes to burn into frames and to clear in
 * overlays, and whether hidden Pixel Data bits must be cleared. Built on the main thread, carried
 * by the task to the worker that writes the file.
 */
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
  /**
   * The text gate cleared every frame (no frame reached the detector): the frames were proven to
   * hold no text-like structure, not read by OCR. Overlays, if any, were read by the detector.
   */
  gateCleared?: boolean;
  /**
   * Not read yet (`ocr` is `not-read` or `stale`): the writer's worker gates the input as it opens
   * it to write it. Cleared whole (every distinct frame, no overlay, no hidden bits), it is written
   * as gate-cleared and its record is stored from the result (`DeidFileResult.gated`); otherwise
   * nothing is written and the result says `unread`, for the run to read it first. Anywhere else
   * an unread plan is what it says: the verdict withholds the image.
   */
  gateInWriter?: boolean;
  /** Option 113103: keep Overlay Data groups, with their boxes cleared. */
  keepOverlays: boolean;
  /**
   * Set when the verify pass found text in the redacted output: the image is still redacted but
   * uncleaned (withheld, or written as uncleaned with --allow-uncleaned).
   */
  verifyProblem?: string;
}
