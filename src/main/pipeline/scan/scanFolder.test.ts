import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeDicom } from '../../../../test/fixtures/dicomEncoder';
import { el } from '../../../../test/fixtures/elements';
import type { AppDatabase } from '../../db/database';
import { listFilesUnder } from '../../db/filesRepo';
import { openDatabase } from '../../db/openDatabase';
import { scanFolder } from './scanFolder';

let root: string;
let dir: string;
let db: AppDatabase;
const dicom = (n: number): Uint8Array =>
  encodeDicom([
    el('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7'),
    el('SOPInstanceUID', `1.2.826.0.1.3680043.10.1234.9.${n}`),
    el('StudyInstanceUID', '1.2.826.0.1.3680043.10.1234.9'),
    el('SeriesInstanceUID', '1.2.826.0.1.3680043.10.1234.9.0'),
    el('PatientName', 'Scan^Test'),
    el('PatientID', 'SCAN-1'),
  ]);

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'deid-scan-'));
  dir = join(root, 'study');
  mkdirSync(dir);
  db = openDatabase(join(root, 'db.sqlite'));
  writeFileSync(join(dir, 'a.dcm'), dicom(1));
  writeFileSync(join(dir, 'b'), dicom(2));
  writeFileSync(join(dir, 'notes.txt'), 'not dicom');
});
afterEach(() => {
  db.close();
  rmSync(root, { recursive: true, force: true });
});

describe('scanFolder', () => {
  it('reads a file whose row records a failure again, whatever its size and mtime (a crash blames no one)', async () => {
    await scanFolder(db, dir);
    // As if a worker had crashed while holding a.dcm: the row says error, size and mtime unchanged.
    db.sqlite.prepare("UPDATE files SET kind = 'error', reason = 'worker crashed: out of memory' WHERE path = ?").run(join(dir, 'a.dcm'));
    const again = await scanFolder(db, dir);
    expect(again.read).toBe(1);
    expect(listFilesUnder(db, dir).find((r) => r.path === join(dir, 'a.dcm'))?.kind).toBe('dicom');
  });

  it.runIf(process.platform !== 'win32')('names a FIFO, and a link to one, as not a regular file without opening it', async () => {
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [join(dir, 'pipe')]);
    symlinkSync(join(dir, 'pipe'), join(dir, 'pipe-link'));
    const r = await scanFolder(db, dir);
    expect(r.walkProblems.map((p) => [p.path, p.reason])).toEqual([
      [join(dir, 'pipe'), 'not a regular file (a FIFO); skipped'],
      [join(dir, 'pipe-link'), 'not a regular file (a FIFO, through a link); skipped'],
    ]);
  });

  it('indexes DICOM by content and lists the rest with a reason', async () => {
    const r = await scanFolder(db, dir);
    expect(r).toMatchObject({ dicom: 2, nonDicom: 1, read: 3 });
    const rows = listFilesUnder(db, dir);
    expect(rows.find((x) => x.path.endsWith('/b'))).toMatchObject({ kind: 'dicom', patientId: 'SCAN-1', patientName: 'Scan^Test' });
    expect(rows.find((x) => x.path.endsWith('notes.txt'))?.reason).toMatch(/not DICOM/);
  });

  it('reads only new or changed files again, and forgets deleted ones', async () => {
    await scanFolder(db, dir);
    const again = await scanFolder(db, dir);
    expect(again).toMatchObject({ read: 0, unchanged: 3 });
    writeFileSync(join(dir, 'a.dcm'), dicom(3));
    utimesSync(join(dir, 'a.dcm'), new Date(), new Date(Date.now() + 5000));
    unlinkSync(join(dir, 'b'));
    const third = await scanFolder(db, dir);
    expect(third.dicom).toBe(1);
    expect(listFilesUnder(db, dir).find((x) => x.path.endsWith('a.dcm'))?.sopInstanceUid).toMatch(/\.3$/);
    expect(listFilesUnder(db, dir).some((x) => x.path.endsWith('/b'))).toBe(false);
  });

  it('does not follow links out of the folder', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'deid-outside-'));
    writeFileSync(join(outside, 'secret.dcm'), dicom(9));
    symlinkSync(outside, join(dir, 'escape'));
    const r = await scanFolder(db, dir);
    expect(r.walkProblems.some((p) => p.path.endsWith('escape') && /outside/.test(p.reason))).toBe(true);
    expect(listFilesUnder(db, dir).some((x) => x.path.includes('secret'))).toBe(false);
    rmSync(outside, { recursive: true, force: true });
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(scanFolder(db, dir, { signal: controller.signal })).rejects.toThrow();
  });
});
