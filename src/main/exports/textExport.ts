import type { AppDatabase } from '../db/appDatabase';
import { toCsv, writeFileAtomic } from '../deid/csvWriter';

/** Columns of the box export. */
export const BOX_EXPORT_HEADER = ['file', 'sop_instance_uid', 'plane', 'overlay_group', 'frame', 'x', 'y', 'w', 'h', 'text', 'confidence', 'source', 'status', 'reason', 'decided_by', 'decided_at'] as const;

interface BoxRow {
  path: string;
  sop: string | null;
  plane: string;
  overlayGroup: number | null;
  frame: number | null;
  x: number;
  y: number;
  w: number;
  h: number;
  text: string | null;
  confidence: number | null;
  source: string;
  status: string;
  reason: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
}

/**
 * Writes every box of the database (OCR, manual and rule boxes, whatever their status) as CSV:
 * file, frame (`all` for every frame) or overlay group, box, text, status and the reason it was
 * proposed. Atomic, mode 0600: the text can name patients. Returns the number of boxes.
 */
export function exportBoxesCsv(db: AppDatabase, file: string): number {
  const rows = db.statement(
    `SELECT f.path AS path, f.sop_instance_uid AS sop, r.plane, r.overlay_group AS overlayGroup, r.frame, r.x, r.y, r.w, r.h, r.text,
       r.confidence, r.source, r.status, r.reason, r.decided_by AS decidedBy, r.decided_at AS decidedAt
     FROM rects r JOIN files f ON f.id = r.file_id ORDER BY f.path, r.plane, r.overlay_group, r.frame, r.y, r.x, r.id`,
  ).all() as BoxRow[];
  const body = rows.map((r) => [
    r.path, r.sop, r.plane, r.overlayGroup === null ? null : r.overlayGroup.toString(16), r.frame === null ? 'all' : r.frame,
    r.x, r.y, r.w, r.h, r.text, r.confidence === null ? null : Math.round(r.confidence), r.source, r.status, r.reason, r.decidedBy, r.decidedAt,
  ]);
  writeFileAtomic(file, toCsv([...BOX_EXPORT_HEADER], body));
  return rows.length;
}
