import type { AppDatabase } from '../db/appDatabase';
import { listFilesUnder } from '../db/filesRepo';
import { getRect, listDecisions, listRects } from '../db/rectsRepo';
import { toCsv, writeFileAtomic } from '../deid/csvWriter';

/** Header of the OCR text export. */
export const OCR_TEXT_HEADER = ['file', 'sop_instance_uid', 'plane', 'overlay_group', 'frame', 'x', 'y', 'w', 'h', 'text', 'confidence', 'source', 'status', 'reason', 'decided_by', 'decided_at'] as const;
/** Header of the audit export. */
export const AUDIT_HEADER = ['at', 'reviewer', 'action', 'from_status', 'to_status', 'rect_id', 'file', 'sop_instance_uid', 'source', 'frame', 'box', 'text', 'detail'] as const;

/**
 * Writes every box of the files under `folder` (file, frame or overlay, box, text, status, reason)
 * as CSV, atomically with mode 0600 (the text can name patients). Returns the row count.
 */
export function writeOcrTextCsv(db: AppDatabase, folder: string, file: string): number {
  const rows: (string | number | null)[][] = [];
  for (const f of listFilesUnder(db, folder)) {
    if (f.kind !== 'dicom') continue;
    for (const r of listRects(db, f.id)) {
      rows.push([f.path, f.sopInstanceUid, r.plane, r.overlayGroup === null ? null : r.overlayGroup.toString(16), r.frame === null ? 'all' : r.frame, r.x, r.y, r.w, r.h, r.text, r.confidence, r.source, r.status, r.reason, r.decidedBy, r.decidedAt]);
    }
  }
  writeFileAtomic(file, toCsv([...OCR_TEXT_HEADER], rows));
  return rows.length;
}

/**
 * Writes the audit trail of every box decision on files under `folder`: who, when, what (create,
 * propose, approve, reject, move, delete, reset), on which image and box. Deleted boxes keep
 * their history. Returns the row count.
 */
export function writeAuditCsv(db: AppDatabase, folder: string, file: string): number {
  const files = new Map(listFilesUnder(db, folder).map((f) => [f.id, f]));
  const rows: (string | number | null)[][] = [];
  for (const d of listDecisions(db)) {
    if (d.fileId === null) continue;
    const f = files.get(d.fileId);
    if (!f) continue;
    const rect = getRect(db, d.rectId);
    const detail = d.detail === null ? null : JSON.stringify(d.detail);
    const box = rect ? `${rect.x},${rect.y},${rect.w},${rect.h}` : boxFromDetail(d.detail);
    rows.push([d.at, d.reviewer, d.action, d.fromStatus, d.toStatus, d.rectId, f.path, f.sopInstanceUid, rect?.source ?? null, rect ? (rect.frame === null ? 'all' : rect.frame) : null, box, rect?.text ?? null, detail]);
  }
  writeFileAtomic(file, toCsv([...AUDIT_HEADER], rows));
  return rows.length;
}

function boxFromDetail(detail: unknown): string | null {
  if (detail && typeof detail === 'object' && 'box' in detail && Array.isArray((detail as { box: unknown }).box)) {
    return (detail as { box: number[] }).box.join(',');
  }
  return null;
}
