import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCsv } from '../../../shared/csv';
import type { AppDatabase } from '../../db/database';
import { listAllFiles, upsertFileRows } from '../../db/filesRepo';
import { openDatabase } from '../../db/openDatabase';
import { decideRect, deleteRect, insertRects } from '../../db/rectsRepo';
import { AUDIT_HEADER, exportAuditCsv } from './auditExport';
import { BOX_EXPORT_HEADER, exportBoxesCsv } from './textExport';

let dir: string;
let db: AppDatabase;
const root = path.resolve('/scan');
const at = (...parts: string[]): string => path.join(root, ...parts);
const read = (file: string): string[][] => {
  const rows = parseCsv(fs.readFileSync(file, 'utf8'));
  // The first line says the file holds PHI; the CSV proper follows.
  expect(rows[0][0]).toMatch(/^# PHI: /);
  return rows.slice(1);
};

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deid-text-export-'));
  db = openDatabase(path.join(dir, 't.sqlite'));
  upsertFileRows(db, [
    { path: at('a', 'one.dcm'), size: 1, mtimeMs: 1, kind: 'dicom', sopInstanceUid: '1.2.1' },
    { path: at('b', 'two.dcm'), size: 1, mtimeMs: 1, kind: 'dicom', sopInstanceUid: '1.2.2' },
  ]);
  const [one, two] = listAllFiles(db);
  insertRects(db, one.id, [
    { plane: 'frame', frame: null, x: 10, y: 20, w: 30, h: 8, text: 'DOE JANE', confidence: 91.6, source: 'ocr', status: 'proposed', reason: 'name:DOE' },
    { plane: 'overlay', overlayGroup: 0x6002, frame: 3, x: 0, y: 0, w: 5, h: 5, source: 'manual', status: 'approved' },
  ], 'ocr');
  insertRects(db, two.id, [{ plane: 'frame', frame: 0, x: 1, y: 2, w: 3, h: 4, text: 'GAIN', source: 'ocr', status: 'unflagged' }], 'ocr');
  const [kept, gone] = insertRects(db, two.id, [
    { plane: 'frame', frame: 1, x: 7, y: 7, w: 7, h: 7, source: 'manual', status: 'proposed' },
    { plane: 'frame', frame: 2, x: 9, y: 9, w: 2, h: 2, source: 'manual', status: 'proposed' },
  ], 'alice');
  decideRect(db, kept, 'approved', 'alice');
  deleteRect(db, gone, 'alice');
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('box export', () => {
  it('writes every box of the database with its frame or overlay, text, rounded confidence, status and reason', () => {
    const out = path.join(dir, 'boxes.csv');
    expect(exportBoxesCsv(db, out)).toBe(4);
    const rows = read(out);
    expect(rows[0]).toEqual([...BOX_EXPORT_HEADER]);
    expect(rows.slice(1).map((r) => r.slice(0, 14))).toEqual([
      [at('a', 'one.dcm'), '1.2.1', 'frame', '', 'all', '10', '20', '30', '8', 'DOE JANE', '92', 'ocr', 'proposed', 'name:DOE'],
      [at('a', 'one.dcm'), '1.2.1', 'overlay', '6002', '3', '0', '0', '5', '5', '', '', 'manual', 'approved', ''],
      [at('b', 'two.dcm'), '1.2.2', 'frame', '', '0', '1', '2', '3', '4', 'GAIN', '', 'ocr', 'unflagged', ''],
      [at('b', 'two.dcm'), '1.2.2', 'frame', '', '1', '7', '7', '7', '7', '', '', 'manual', 'approved', ''],
    ]);
    expect(rows[4][14]).toBe('alice');
    expect((fs.statSync(out).mode & 0o777).toString(8)).toBe('600');
  });

  it('keeps to the files under a folder when given one', () => {
    const out = path.join(dir, 'b.csv');
    expect(exportBoxesCsv(db, out, at('b'))).toBe(2);
    expect(read(out).slice(1).map((r) => [r[0], r[4]])).toEqual([[at('b', 'two.dcm'), '0'], [at('b', 'two.dcm'), '1']]);
    expect(exportBoxesCsv(db, out, at('nowhere'))).toBe(0);
    expect(read(out)).toEqual([[...BOX_EXPORT_HEADER]]);
  });
});

describe('audit export', () => {
  it('lists every decision under the folder, deleted boxes with their last place', () => {
    const out = path.join(dir, 'audit.csv');
    expect(exportAuditCsv(db, out, at('b'))).toBe(5);
    const [header, ...rows] = read(out);
    expect(header).toEqual([...AUDIT_HEADER]);
    const col = (name: string): number => header.indexOf(name);
    expect(rows.map((r) => [r[col('reviewer')], r[col('action')], r[col('box')]])).toEqual([
      ['ocr', 'create', '1,2,3,4'],
      ['alice', 'propose', '7,7,7,7'],
      ['alice', 'propose', '9,9,2,2'],
      ['alice', 'approve', '7,7,7,7'],
      ['alice', 'delete', '9,9,2,2'],
    ]);
    expect(rows.every((r) => r[col('file')] === at('b', 'two.dcm'))).toBe(true);
    expect(exportAuditCsv(db, out)).toBe(7);
  });
});
