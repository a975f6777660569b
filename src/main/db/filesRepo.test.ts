import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDatabase } from './database';
import {
  type FileRow,
  getFileStat,
  getFileStatsUnder,
  listFilesUnder,
  removeMissingUnder,
  underRange,
  upsertFileRows,
} from './filesRepo';
import { openDatabase } from './openDatabase';

let dir: string;
let db: AppDatabase;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deid-files-'));
  db = openDatabase(path.join(dir, 't.sqlite'));
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const root = path.resolve('/scan');
const at = (...parts: string[]): string => path.join(root, ...parts);

function dicomRow(file: string, i: number): FileRow {
  return {
    path: file,
    size: 1000 + i,
    mtimeMs: 1_700_000_000_000 + i,
    kind: 'dicom',
    scannedAt: '2025-01-02T03:04:05.000Z',
    studyUid: `1.2.3.${i % 3}`,
    patientId: `MRN${i % 5}`,
    patientName: 'DOE^JANE',
    rows: 512,
    columns: 512,
    numberOfFrames: 1,
    overlayGroups: [{ group: 0x6000, bitPosition: 0, hasData: true }],
    hasPixelData: true,
    hasPreamble: false,
  };
}

describe('files repository', () => {
  it('round-trips every field, with absent ones read back as null', () => {
    upsertFileRows(db, [dicomRow(at('a.dcm'), 1), { path: at('notes.txt'), size: 3, mtimeMs: 5, kind: 'non-dicom', reason: 'no DICM' }]);
    const [a, notes] = listFilesUnder(db, root);
    expect(a).toMatchObject({ ...dicomRow(at('a.dcm'), 1), modality: null, transferSyntax: null });
    expect(typeof a.id).toBe('number');
    expect(notes).toMatchObject({ kind: 'non-dicom', reason: 'no DICM', hasPixelData: null, overlayGroups: null });
    expect(notes.scannedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('replaces a row on re-scan instead of duplicating it', () => {
    upsertFileRows(db, [dicomRow(at('a.dcm'), 1)]);
    upsertFileRows(db, [{ path: at('a.dcm'), size: 7, mtimeMs: 8, kind: 'error', reason: 'truncated' }]);
    const rows = listFilesUnder(db, root);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ size: 7, kind: 'error', reason: 'truncated', studyUid: null, hasPixelData: null });
    expect(getFileStat(db, at('a.dcm'))).toEqual({ size: 7, mtimeMs: 8 });
    expect(getFileStat(db, at('b.dcm'))).toBeUndefined();
  });

  it('upserts 1,000 rows in one call and reads their stats back in bulk', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => dicomRow(at('s', `${i}.dcm`), i));
    upsertFileRows(db, rows);
    const stats = getFileStatsUnder(db, root);
    expect(stats.size).toBe(1000);
    expect(stats.get(at('s', '999.dcm'))).toEqual({ size: 1999, mtimeMs: 1_700_000_000_999, kind: 'dicom' });
  });

  it('matches the folder exactly: no siblings sharing a name prefix, no LIKE wildcards', () => {
    const odd = path.resolve('/scan_%');
    upsertFileRows(
      db,
      [at('x', 'in.dcm'), at('x', 'deep', 'in.dcm'), path.resolve('/scan/x2/out.dcm'), path.resolve('/scanx/out.dcm'), path.join(odd, 'in.dcm'), path.resolve('/scanA/out.dcm')].map(
        (p, i) => dicomRow(p, i),
      ),
    );
    expect(listFilesUnder(db, at('x')).map((r) => r.path)).toEqual([at('x', 'deep', 'in.dcm'), at('x', 'in.dcm')]);
    expect(listFilesUnder(db, `${at('x')}${path.sep}`).map((r) => r.path)).toHaveLength(2);
    expect(listFilesUnder(db, odd).map((r) => r.path)).toEqual([path.join(odd, 'in.dcm')]);
    expect([...getFileStatsUnder(db, root).keys()].sort()).toEqual([at('x', 'deep', 'in.dcm'), at('x', 'in.dcm'), at('x2', 'out.dcm')]);
  });

  it('computes the range for Windows separators too', () => {
    expect(underRange('C:\\scan', '\\')).toEqual(['C:\\scan\\', 'C:\\scan]']);
    expect(underRange('/scan/', '/')).toEqual(['/scan/', '/scan0']);
  });

  it('removes only the missing files under the folder', () => {
    upsertFileRows(db, [at('a.dcm'), at('b.dcm'), at('sub', 'c.dcm'), path.resolve('/other/d.dcm')].map(dicomRow));
    expect(removeMissingUnder(db, root, [at('a.dcm')])).toBe(2);
    expect(listFilesUnder(db, root).map((r) => r.path)).toEqual([at('a.dcm')]);
    expect(getFileStat(db, path.resolve('/other/d.dcm'))).toBeDefined();
    expect(removeMissingUnder(db, root, new Set([at('a.dcm')]))).toBe(0);
  });
});
