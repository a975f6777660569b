import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getFileStatsUnder, listAllFiles, upsertFileRows } from '../filesRepo';
import { openDatabase } from '../openDatabase';
import { getImageOcr, setImageOcr } from '../rectsRepo';
import { migrate, schemaVersion } from '../migrate';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deid-003-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('migration 003 (pixels)', () => {
  it('adds identifiers to files and marks rows indexed before it for a re-read', () => {
    const file = path.join(dir, 'old.sqlite');
    const raw = new Database(file);
    migrate(raw, 2);
    raw.prepare("INSERT INTO files (path, size, mtime_ms, kind) VALUES ('/s/a.dcm', 10, 1, 'dicom'), ('/s/notes.txt', 5, 1, 'non-dicom')").run();
    expect(migrate(raw, 3)).toEqual([3]);
    expect(schemaVersion(raw)).toBe(3);
    raw.close();

    const db = openDatabase(file);
    try {
      const stats = getFileStatsUnder(db, '/s');
      // A DICOM row without identifiers must be read again; other rows keep their stat.
      expect(stats.get('/s/a.dcm')?.size).toBeNull();
      expect(stats.get('/s/notes.txt')?.size).toBe(5);
      upsertFileRows(db, [{ path: '/s/a.dcm', size: 10, mtimeMs: 1, kind: 'dicom', identifiers: { personNames: ['DOE^JANE'], ids: ['MRN1'], dates: [{ value: '19620314', label: 'birth' }], institutions: [], addresses: [] } }]);
      expect(listAllFiles(db).find((r) => r.path === '/s/a.dcm')?.identifiers?.personNames).toEqual(['DOE^JANE']);
      expect(() => db.sqlite.prepare("UPDATE files SET identifiers = '{not json' WHERE path = '/s/a.dcm'").run()).toThrow(/CHECK/);
    } finally {
      db.close();
    }
  });

  it('stores the match key of an image OCR record', () => {
    const db = openDatabase(path.join(dir, 'new.sqlite'));
    try {
      upsertFileRows(db, [{ path: '/s/b.dcm', size: 1, mtimeMs: 1, kind: 'dicom' }]);
      const fileId = listAllFiles(db)[0].id;
      setImageOcr(db, { fileId, size: 1, mtimeMs: 1, engine: 'e', status: 'done', frames: 1, framesRead: 1, overlaysRead: [], error: null, matchKey: 'k1' });
      expect(getImageOcr(db, fileId)?.matchKey).toBe('k1');
      setImageOcr(db, { fileId, size: 1, mtimeMs: 1, engine: 'e', status: 'done', frames: 1, framesRead: 1, overlaysRead: [], error: null });
      expect(getImageOcr(db, fileId)?.matchKey).toBeNull();
    } finally {
      db.close();
    }
  });
});
