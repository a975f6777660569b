import type { AppDatabase } from './database';
import { DatabaseError } from './databaseError';
import { underRange } from './filesRepo';
import { BURNED_STATUSES, type ImageOcr, type NewRect, type Rect, type RectDecision } from '../../shared/model/rects';

export { BURNED_STATUSES, type NewRect, type Rect } from '../../shared/model/rects';

const RECT_COLUMNS = `id, file_id AS fileId, plane, overlay_group AS overlayGroup, frame, x, y, w, h, text, confidence,
  source, status, reason, decided_by AS decidedBy, decided_at AS decidedAt, created_at AS createdAt`;


function audit(db: AppDatabase, d: Omit<RectDecision, 'id' | 'at' | 'detail'> & { detail?: unknown }): void {
  db.statement(
    'INSERT INTO rect_decisions (rect_id, file_id, action, from_status, to_status, reviewer, detail) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(d.rectId, d.fileId, d.action, d.fromStatus, d.toStatus, d.reviewer, d.detail === undefined ? null : JSON.stringify(d.detail));
}

/** Inserts boxes for a file and records their creation; returns the new ids. */
export function insertRects(db: AppDatabase, fileId: number, rects: readonly NewRect[], reviewer: string): number[] {
  const insert = db.statement(
    `INSERT INTO rects (file_id, plane, overlay_group, frame, x, y, w, h, text, confidence, source, status, reason, decided_by, decided_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return db.write(() =>
    rects.map((r) => {
      const human = r.source === 'manual';
      const at = human ? new Date().toISOString() : null;
      const id = Number(
        insert.run(fileId, r.plane, r.overlayGroup ?? null, r.frame, Math.round(r.x), Math.round(r.y), Math.max(1, Math.round(r.w)), Math.max(1, Math.round(r.h)), r.text ?? null, r.confidence ?? null, r.source, r.status, r.reason ?? null, human ? reviewer : null, at).lastInsertRowid,
      );
      audit(db, { rectId: id, fileId, action: r.status === 'proposed' ? 'propose' : 'create', fromStatus: null, toStatus: r.status, reviewer, detail: { source: r.source, box: [r.x, r.y, r.w, r.h] } });
      return id;
    }),
  );
}

/** Replaces a file's OCR boxes (after a re-read); manual and rule boxes stay. */
export function replaceOcrRects(db: AppDatabase, fileId: number, rects: readonly NewRect[], reviewer = 'ocr'): number[] {
  return db.write(() => {
    db.statement("DELETE FROM rects WHERE file_id = ? AND source = 'ocr'").run(fileId);
    return insertRects(db, fileId, rects.map((r) => ({ ...r, source: 'ocr' as const })), reviewer);
  });
}

/**
 * Upgrades OCR boxes left unflagged to proposed, with the reason a later match found (more of the
 * patient's identifiers, a longer allowlist, --redact-all-text); recorded as `propose` decisions.
 * Boxes a reviewer decided on are never touched: only `unflagged` rows change.
 */
export function proposeRects(db: AppDatabase, updates: readonly { id: number; reason: string }[], reviewer = 'ocr'): number {
  const update = db.statement("UPDATE rects SET status = 'proposed', reason = ? WHERE id = ? AND status = 'unflagged'");
  return db.write(() => {
    let changed = 0;
    for (const u of updates) {
      const before = getRect(db, u.id);
      if (!before || update.run(u.reason, u.id).changes === 0) continue;
      audit(db, { rectId: u.id, fileId: before.fileId, action: 'propose', fromStatus: 'unflagged', toStatus: 'proposed', reviewer, detail: { reason: u.reason } });
      changed++;
    }
    return changed;
  });
}

/** Every box of a file, in a stable order. */
export function listRects(db: AppDatabase, fileId: number): Rect[] {
  return db.statement(`SELECT ${RECT_COLUMNS} FROM rects WHERE file_id = ? ORDER BY plane, overlay_group, frame, y, x, id`).all(fileId) as Rect[];
}

/** The boxes to burn into a file: every box not rejected and not merely unflagged OCR text. */
export function listBurnRects(db: AppDatabase, fileId: number): Rect[] {
  return listRects(db, fileId).filter((r) => BURNED_STATUSES.includes(r.status));
}

/** A box by id. */
export function getRect(db: AppDatabase, id: number): Rect | undefined {
  return db.statement(`SELECT ${RECT_COLUMNS} FROM rects WHERE id = ?`).get(id) as Rect | undefined;
}

/** Records a reviewer's decision on a box (approve, reject, back to proposed, or back to unflagged). */
export function decideRect(db: AppDatabase, id: number, status: 'approved' | 'rejected' | 'proposed' | 'unflagged', reviewer: string): Rect {
  return db.write(() => {
    const before = getRect(db, id);
    if (!before) throw new DatabaseError('RECT_NOT_FOUND', `no box with id ${id}`);
    db.statement('UPDATE rects SET status = ?, decided_by = ?, decided_at = ? WHERE id = ?').run(status, reviewer, new Date().toISOString(), id);
    const action = status === 'approved' ? 'approve' : status === 'rejected' ? 'reject' : 'reset';
    audit(db, { rectId: id, fileId: before.fileId, action, fromStatus: before.status, toStatus: status, reviewer });
    return getRect(db, id) as Rect;
  });
}

/** Moves or resizes a manual or rule box. */
export function moveRect(db: AppDatabase, id: number, box: { x: number; y: number; w: number; h: number }, reviewer: string): Rect {
  return db.write(() => {
    const before = getRect(db, id);
    if (!before) throw new DatabaseError('RECT_NOT_FOUND', `no box with id ${id}`);
    if (before.source === 'ocr') throw new DatabaseError('RECT_READ_ONLY', 'OCR boxes cannot be moved; draw a manual box instead');
    db.statement('UPDATE rects SET x = ?, y = ?, w = ?, h = ?, decided_by = ?, decided_at = ? WHERE id = ?').run(
      Math.round(box.x), Math.round(box.y), Math.max(1, Math.round(box.w)), Math.max(1, Math.round(box.h)), reviewer, new Date().toISOString(), id,
    );
    audit(db, { rectId: id, fileId: before.fileId, action: 'move', fromStatus: before.status, toStatus: before.status, reviewer, detail: { from: [before.x, before.y, before.w, before.h], to: [box.x, box.y, box.w, box.h] } });
    return getRect(db, id) as Rect;
  });
}

/** Deletes a manual or rule box; its history stays in the audit trail. */
export function deleteRect(db: AppDatabase, id: number, reviewer: string): void {
  db.write(() => {
    const before = getRect(db, id);
    if (!before) throw new DatabaseError('RECT_NOT_FOUND', `no box with id ${id}`);
    if (before.source === 'ocr') throw new DatabaseError('RECT_READ_ONLY', 'OCR boxes cannot be deleted; reject them instead');
    db.statement('DELETE FROM rects WHERE id = ?').run(id);
    audit(db, { rectId: id, fileId: before.fileId, action: 'delete', fromStatus: before.status, toStatus: null, reviewer, detail: { box: [before.x, before.y, before.w, before.h] } });
  });
}

/** The audit trail, oldest first, optionally for one file. */
export function listDecisions(db: AppDatabase, fileId?: number): RectDecision[] {
  const sql = `SELECT id, rect_id AS rectId, file_id AS fileId, action, from_status AS fromStatus, to_status AS toStatus, reviewer, at, detail
    FROM rect_decisions ${fileId === undefined ? '' : 'WHERE file_id = ?'} ORDER BY id`;
  const rows = (fileId === undefined ? db.statement(sql).all() : db.statement(sql).all(fileId)) as (Omit<RectDecision, 'detail'> & { detail: string | null })[];
  return rows.map((r) => ({ ...r, detail: r.detail === null ? null : (JSON.parse(r.detail) as unknown) }));
}


/** Records how completely an image was OCRed (and for which file size/mtime). */
export function setImageOcr(db: AppDatabase, r: ImageOcr): void {
  db.statement(
    `INSERT INTO image_ocr (file_id, size, mtime_ms, engine, status, frames, frames_read, overlays_read, error, match_key, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
     ON CONFLICT (file_id) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, engine = excluded.engine,
       status = excluded.status, frames = excluded.frames, frames_read = excluded.frames_read,
       overlays_read = excluded.overlays_read, error = excluded.error, match_key = excluded.match_key, updated_at = excluded.updated_at`,
  ).run(r.fileId, r.size, r.mtimeMs, r.engine, r.status, r.frames, r.framesRead, JSON.stringify(r.overlaysRead), r.error, r.matchKey ?? null);
}

/** The OCR record of an image, or undefined when it was never read. */
export function getImageOcr(db: AppDatabase, fileId: number): ImageOcr | undefined {
  const row = db
    .statement(
      `SELECT file_id AS fileId, size, mtime_ms AS mtimeMs, engine, status, frames, frames_read AS framesRead,
        overlays_read AS overlaysRead, error, match_key AS matchKey FROM image_ocr WHERE file_id = ?`,
    )
    .get(fileId) as (Omit<ImageOcr, 'overlaysRead'> & { overlaysRead: string }) | undefined;
  return row ? { ...row, overlaysRead: JSON.parse(row.overlaysRead) as number[] } : undefined;
}

/** Marks an image reviewed (done) or not. */
export function setImageReview(db: AppDatabase, fileId: number, done: boolean, reviewer: string): void {
  db.statement(
    `INSERT INTO image_reviews (file_id, done, reviewer, at) VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
     ON CONFLICT (file_id) DO UPDATE SET done = excluded.done, reviewer = excluded.reviewer, at = excluded.at`,
  ).run(fileId, done ? 1 : 0, reviewer);
}

/** Review state of an image. */
export function getImageReview(db: AppDatabase, fileId: number): { done: boolean; reviewer: string; at: string } | undefined {
  const row = db.statement('SELECT done, reviewer, at FROM image_reviews WHERE file_id = ?').get(fileId) as
    | { done: number; reviewer: string; at: string }
    | undefined;
  return row ? { done: row.done === 1, reviewer: row.reviewer, at: row.at } : undefined;
}

/** A box with the path and SOP Instance UID of its file, for the text export. */
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
 * Every box of the files under `folder` (of the whole database when undefined) with its file,
 * ordered by file, plane, overlay group, frame and position.
 */
export function listBoxesOfFiles(db: AppDatabase, folder?: string): BoxRow[] {
  const where = folder === undefined ? '' : 'WHERE f.path >= ? AND f.path < ?';
  const sql = `SELECT f.path AS path, f.sop_instance_uid AS sop, r.plane, r.overlay_group AS overlayGroup, r.frame, r.x, r.y, r.w, r.h, r.text,
       r.confidence, r.source, r.status, r.reason, r.decided_by AS decidedBy, r.decided_at AS decidedAt
     FROM rects r JOIN files f ON f.id = r.file_id ${where} ORDER BY f.path, r.plane, r.overlay_group, r.frame, r.y, r.x, r.id`;
  return (folder === undefined ? db.statement(sql).all() : db.statement(sql).all(...underRange(folder))) as BoxRow[];
}
