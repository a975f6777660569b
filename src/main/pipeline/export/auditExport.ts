import type { AppDatabase } from '../../db/database';
import { listAllFiles, listFilesUnder } from '../../db/filesRepo';
import { getRect, listDecisions } from '../../db/rectsRepo';
import { toCsv, writeFileAtomic } from '../../files/atomicFile';
import { withPhiNotice } from './phiNotice';

/** Columns of the audit export. */
export const AUDIT_HEADER = ['at', 'reviewer', 'action', 'from_status', 'to_status', 'rect_id', 'file', 'sop_instance_uid', 'source', 'frame', 'box', 'text', 'detail'] as const;

/**
 * Writes the audit trail of every box decision on files under `folder` (every file when
 * undefined): who, when, what (create, propose, approve, reject, move, delete, reset), on which
 * image and box. Deleted boxes keep their history. Atomic, mode 0600, the PHI notice first. Returns the row count.
 */
export function exportAuditCsv(db: AppDatabase, file: string, folder?: string): number {
  const files = new Map((folder === undefined ? listAllFiles(db) : listFilesUnder(db, folder)).map((f) => [f.id, f]));
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
  writeFileAtomic(file, withPhiNotice(toCsv([...AUDIT_HEADER], rows)));
  return rows.length;
}

/** A deleted box is gone from `rects`; its last place survives in the decision's detail. */
function boxFromDetail(detail: unknown): string | null {
  if (detail && typeof detail === 'object' && 'box' in detail && Array.isArray((detail as { box: unknown }).box)) {
    return (detail as { box: number[] }).box.join(',');
  }
  return null;
}
