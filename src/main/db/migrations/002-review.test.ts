import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../database';
import { upsertFileRows, listAllFiles } from '../filesRepo';
import { openDatabase } from '../openDatabase';
import { schemaVersion } from '../migrate';
import {
  decideRect, deleteRect, getImageOcr, insertRects, listBurnRects, listDecisions, listRects, moveRect, replaceOcrRects, setImageOcr,
} from '../rectsRepo';

let dir: string;
let db: AppDatabase;
let fileId: number;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deid-002-'));
  db = openDatabase(path.join(dir, 'm.sqlite'));
  upsertFileRows(db, [{ path: '/study/a.dcm', size: 10, mtimeMs: 1, kind: 'dicom' }]);
  fileId = listAllFiles(db)[0].id;
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const box = { plane: 'frame' as const, frame: 0, x: 10, y: 20, w: 30, h: 8 };

describe('migration 002 (review)', () => {
  it('brings the schema to version 2 with the rect tables', () => {
    expect(schemaVersion(db.sqlite)).toBeGreaterThanOrEqual(2);
    const tables = db.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    // The allowlist of this step moved to each project's pixel_terms in migration 4.
    expect(tables).toEqual(expect.arrayContaining(['rects', 'rect_decisions', 'image_ocr', 'image_reviews']));
  });

  it('checks planes, statuses and box sizes', () => {
    const ins = db.sqlite.prepare('INSERT INTO rects (file_id, plane, overlay_group, frame, x, y, w, h, source, status) VALUES (?, ?, ?, 0, 0, 0, ?, 1, ?, ?)');
    expect(() => ins.run(fileId, 'frame', null, 1, 'ocr', 'maybe')).toThrow(/CHECK/);
    expect(() => ins.run(fileId, 'overlay', null, 1, 'ocr', 'proposed')).toThrow(/CHECK/);
    expect(() => ins.run(fileId, 'frame', null, 0, 'ocr', 'proposed')).toThrow(/CHECK/);
    expect(() => ins.run(fileId + 99, 'frame', null, 1, 'ocr', 'proposed')).toThrow(/FOREIGN KEY/);
  });

  it('records every decision with reviewer and time, append-only', () => {
    const [id] = insertRects(db, fileId, [{ ...box, source: 'ocr', status: 'proposed', text: 'MULLER', reason: 'name:MULLER' }], 'ocr');
    decideRect(db, id, 'rejected', 'alice');
    decideRect(db, id, 'approved', 'bob');
    const trail = listDecisions(db, fileId);
    expect(trail.map((d) => [d.action, d.toStatus, d.reviewer])).toEqual([
      ['propose', 'proposed', 'ocr'],
      ['reject', 'rejected', 'alice'],
      ['approve', 'approved', 'bob'],
    ]);
    expect(trail[1].at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(() => db.sqlite.prepare('UPDATE rect_decisions SET reviewer = ?').run('mallory')).toThrow(/append-only/);
  });

  it('burns every box that is not rejected or unflagged, and keeps manual boxes across re-OCR', () => {
    const [ocr, plain] = insertRects(db, fileId, [
      { ...box, source: 'ocr', status: 'proposed' },
      { ...box, x: 100, source: 'ocr', status: 'unflagged', text: '120 kV' },
    ], 'ocr');
    const [manual] = insertRects(db, fileId, [{ ...box, y: 200, source: 'manual', status: 'approved' }], 'alice');
    expect(listBurnRects(db, fileId).map((r) => r.id).sort()).toEqual([ocr, manual].sort());
    decideRect(db, ocr, 'rejected', 'alice');
    expect(listBurnRects(db, fileId).map((r) => r.id)).toEqual([manual]);
    replaceOcrRects(db, fileId, [{ ...box, source: 'ocr', status: 'proposed' }]);
    const after = listRects(db, fileId);
    expect(after.some((r) => r.id === plain)).toBe(false);
    expect(after.filter((r) => r.source === 'manual')).toHaveLength(1);
  });

  it('moves and deletes manual boxes only, keeping their history', () => {
    const [ocr] = insertRects(db, fileId, [{ ...box, source: 'ocr', status: 'proposed' }], 'ocr');
    const [manual] = insertRects(db, fileId, [{ ...box, source: 'manual', status: 'approved' }], 'alice');
    expect(() => moveRect(db, ocr, { x: 1, y: 1, w: 5, h: 5 }, 'alice')).toThrow(/cannot be moved/);
    expect(moveRect(db, manual, { x: 1, y: 2, w: 5, h: 6 }, 'alice')).toMatchObject({ x: 1, y: 2, w: 5, h: 6 });
    deleteRect(db, manual, 'alice');
    expect(listRects(db, fileId).map((r) => r.id)).toEqual([ocr]);
    expect(listDecisions(db).filter((d) => d.rectId === manual).map((d) => d.action)).toEqual(['create', 'move', 'delete']);
  });

  it('stores OCR coverage per image', () => {
    setImageOcr(db, { fileId, size: 10, mtimeMs: 1, engine: 'tesseract.js 7 eng', status: 'done', frames: 3, framesRead: 3, overlaysRead: [0x6000], error: null });
    expect(getImageOcr(db, fileId)).toMatchObject({ status: 'done', framesRead: 3, overlaysRead: [0x6000] });
  });
});
