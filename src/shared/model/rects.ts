/**
 * The rect database's model: boxes on an image's frames or overlays, their review states and
 * audit trail, and the OCR coverage of an image. Stored by `src/main/db/rectsRepo.ts`.
 */

/** Where a box was found or drawn. */
type RectSource = 'ocr' | 'manual' | 'rule';
/** A box's review state; 'unflagged' is OCR text that matched nothing (left in the pixels). */
type RectStatus = 'proposed' | 'approved' | 'rejected' | 'unflagged';

/** A box to store: on a frame (or every frame) of Pixel Data, or on an overlay plane. */
export interface NewRect {
  plane: 'frame' | 'overlay';
  overlayGroup?: number | null;
  /** 0-based frame; null = every frame. */
  frame: number | null;
  x: number;
  y: number;
  w: number;
  h: number;
  text?: string | null;
  confidence?: number | null;
  source: RectSource;
  status: RectStatus;
  /** Which identifier or pattern matched (e.g. `name:MULLER`, `pattern:date`), or why it was drawn. */
  reason?: string | null;
}

/** A stored box. */
export interface Rect extends Required<NewRect> {
  id: number;
  fileId: number;
  decidedBy: string | null;
  decidedAt: string | null;
  createdAt: string;
}

/** One entry of the append-only audit trail. */
export interface RectDecision {
  id: number;
  rectId: number;
  fileId: number | null;
  action: 'create' | 'propose' | 'approve' | 'reject' | 'move' | 'delete' | 'reset';
  fromStatus: string | null;
  toStatus: string | null;
  reviewer: string;
  at: string;
  detail: unknown;
}

/** Boxes statuses that are burned into the pixels (fail closed: unreviewed proposals too). */
export const BURNED_STATUSES: readonly RectStatus[] = ['proposed', 'approved'];

/** OCR coverage of one image. */
export interface ImageOcr {
  fileId: number;
  size: number;
  mtimeMs: number;
  engine: string;
  status: 'done' | 'failed' | 'undecodable';
  frames: number;
  framesRead: number;
  overlaysRead: number[];
  error: string | null;
  /** Key of the identifier set and matching switches the boxes' statuses were decided with. */
  matchKey?: string | null;
}
