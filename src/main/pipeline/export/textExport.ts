import type { AppDatabase } from '../../db/database';
import { underRange } from '../../db/filesRepo';
import { toCsv, writeFileAtomic } from '../../files/atomicFile';

/** Columns of the box (OCR text) export. */
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
 * Writes every box (OCR, manual and rule boxes, whatever their status) of the files under `folder`,
 * or of the whole database when `folder` is undefined, as CSV: file, frame (`all` for every frame)
 * or overlay group, box, text, status and the reason it was proposed. Atomic, mode 0600: the text
 * can name patients. Returns the number of boxes.
 */
export function exportBoxesCsv(db: AppDatabase, file: string, folder?: string): number {
  const where = folder === undefined ? '' : 'WHERE f.path >= ? AND f.path < ?';
  const sql = `SELECT f.path AS path, f.sop_instance_uid AS sop, r.plane, r.overlay_group AS overlayGroup, r.frame, r.x, r.y, r.w, r.h, r.text,
       r.confidence, r.source, r.status, r.reason, r.decided_by AS decidedBy, r.decided_at AS decidedAt
     FROM rects r JOIN files f ON f.id = r.file_id ${where} ORDER BY f.path, r.plane, r.overlay_group, r.frame, r.y, r.x, r.id`;
  const rows = (folder === undefined ? db.statement(sql).all() : db.statement(sql).all(...underRange(folder))) as BoxRow[];
  const body = rows.map((r) => [
    r.path, r.sop, r.plane, r.overlayGroup === null ? null : r.overlayGroup.toString(16), r.frame === null ? 'all' : r.frame,
    r.x, r.y, r.w, r.h, r.text, r.confidence === null ? null : Math.round(r.confidence), r.source, r.status, r.reason, r.decidedBy, r.decidedAt,
  ]);
  writeFileAtomic(file, toCsv([...BOX_EXPORT_HEADER], body));
  return rows.length;
}
