/**
 * The box as the viewer draws it. The review screen maps the rect database's rows to this shape,
 * so the viewer (and the imaging library behind it) can change without touching the contract.
 */
import type { BoxRect } from './boxGeometry';

/** Review state of a box: proposed boxes are burned unless rejected (fail closed). */
type ViewerBoxStatus = 'proposed' | 'approved' | 'rejected' | 'unflagged';

/** Where a box came from; manual and rule boxes can be moved, resized and deleted, OCR boxes cannot. */
type ViewerBoxSource = 'ocr' | 'manual' | 'rule';

/** A box on the image under review, in image pixels. */
export interface ViewerBox extends BoxRect {
  id: number;
  status: ViewerBoxStatus;
  source: ViewerBoxSource;
  text: string | null;
  reason: string | null;
  confidence: number | null;
  /** The latest decision is on its way (`pending`) or the server did not take it (`unsaved`). */
  save?: 'pending' | 'unsaved' | null;
}

/** A short human label for a status, as shown in lists and tooltips. */
export function statusLabel(status: ViewerBoxStatus): string {
  switch (status) {
    case 'proposed':
      return 'Proposed (will be burned)';
    case 'approved':
      return 'Approved (burned)';
    case 'rejected':
      return 'Rejected (kept)';
    case 'unflagged':
      return 'Unflagged text (kept)';
  }
}

/** True when the reviewer may move, resize or delete the box (OCR boxes are decided, not edited). */
export function isEditable(box: Pick<ViewerBox, 'source'>): boolean {
  return box.source !== 'ocr';
}

/**
 * True when the reviewer decides the box (approve/reject, by key or button; a click only selects it).
 * A manual box was drawn to be burned and is not decided.
 */
export function isDecidable(box: Pick<ViewerBox, 'source'>): boolean {
  return box.source !== 'manual';
}
