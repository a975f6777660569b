import type { AppDatabase } from '../../db/database';
import { listBoxesOfFiles } from '../../db/rectsRepo';
import { toCsv, writeFileAtomic } from '../../files/atomicFile';
import { withPhiNotice } from './phiNotice';

/** Columns of the box (OCR text) export. */
export const BOX_EXPORT_HEADER = ['file', 'sop_instance_uid', 'plane', 'overlay_group', 'frame', 'x', 'y', 'w', 'h', 'text', 'confidence', 'source', 'status', 'reason', 'decided_by', 'decided_at'] as const;

/**
 * Writes every box (OCR, manual and rule boxes, whatever their status) of the files under `folder`,
 * or of the whole database when `folder` is undefined, as CSV: file, frame (`all` for every frame)
 * or overlay group, box, text, status and the reason it was proposed. Atomic, mode 0600, the PHI notice first: the text
 * can name patients. Returns the number of boxes.
 */
export function exportBoxesCsv(db: AppDatabase, file: string, folder?: string): number {
  const rows = listBoxesOfFiles(db, folder);
  const body = rows.map((r) => [
    r.path, r.sop, r.plane, r.overlayGroup === null ? null : r.overlayGroup.toString(16), r.frame === null ? 'all' : r.frame,
    r.x, r.y, r.w, r.h, r.text, r.confidence === null ? null : Math.round(r.confidence), r.source, r.status, r.reason, r.decidedBy, r.decidedAt,
  ]);
  writeFileAtomic(file, withPhiNotice(toCsv([...BOX_EXPORT_HEADER], body)));
  return rows.length;
}
