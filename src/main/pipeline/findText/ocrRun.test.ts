import { mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overlayGroup, writeBurnedImage } from '../../../../test/fixtures/burnedInImages';
import { createFrame, drawText } from '../../../../test/pixelText/renderText';
import type { AppDatabase } from '../../db/database';
import { listFilesUnder } from '../../db/filesRepo';
import { openDatabase } from '../../db/openDatabase';
import { addPixelTerms } from '../../db/pixelTermsRepo';
import { getOrCreateProject } from '../../db/projectsRepo';
import { getImageOcr, listDecisions, listRects } from '../../db/rectsRepo';
import { scanFolder } from '../scan/scanFolder';
import { OCR_ENGINE } from '../../ocr/ocrImage';
import type { OcrWord } from '../../ocr/tesseractEngine';
import { createOcrPool, type OcrPool } from '../../ocr/tesseractPool';
import { ocrRun } from './ocrRun';

let work: string;
let db: AppDatabase;
let pool: OcrPool;
let calls = 0;
/** What the scripted engine reads in every image it is given. */
let reading: OcrWord[] = [];

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'deid-ocrrun-'));
  db = openDatabase(join(work, 'db.sqlite'));
  pool = createOcrPool({
    size: 1,
    createEngine: async () => ({
      recognize: async () => {
        calls++;
        return reading;
      },
      terminate: async () => {},
    }),
  });
  const frame = createFrame(64, 32, 'uint8', 0);
  drawText(frame, 'TEXT', 4, 4, { value: 255 });
  const patient = { name: 'DOE^JOHN', id: 'P-1', birthDate: '19700101' };
  writeBurnedImage(join(work, 'in'), { path: 'a.dcm', patient, rows: 32, cols: 64, photometric: 'MONOCHROME2', bitsAllocated: 8, bitsStored: 8, pixelData: frame.data as Uint8Array, instance: 1 });
  writeBurnedImage(join(work, 'in'), { path: 'clean.dcm', patient, rows: 32, cols: 64, photometric: 'MONOCHROME2', bitsAllocated: 8, bitsStored: 8, pixelData: frame.data as Uint8Array, burnedInAnnotation: 'NO', instance: 2 });
});
afterAll(async () => {
  await pool.close();
  db.close();
  rmSync(work, { recursive: true, force: true });
});

const word = (text: string, x: number): OcrWord => ({ text, confidence: 90, box: { x, y: 20, w: 40, h: 16 } });
const imageA = () => listFilesUnder(db, join(work, 'in')).find((r) => r.path.endsWith('a.dcm'));

describe('ocrRun', () => {
  it('reads the images that need cleaning, stores their boxes and coverage, and skips the rest', async () => {
    await scanFolder(db, join(work, 'in'));
    reading = [word('SMITH', 30), word('HELLO', 120)];
    const r = await ocrRun({ db, folder: join(work, 'in'), options: ['113100'], pool });
    expect(r).toMatchObject({ images: 1, read: 1, current: 0, failed: 0 });
    const row = imageA();
    expect(row).toBeDefined();
    const ocr = getImageOcr(db, row?.id as number);
    expect(ocr).toMatchObject({ status: 'done', engine: OCR_ENGINE, frames: 1, framesRead: 1, size: row?.size });
    const rects = listRects(db, row?.id as number);
    expect(rects.map((x) => [x.text, x.status])).toEqual(expect.arrayContaining([['SMITH', 'unflagged'], ['HELLO', 'unflagged']]));
    expect(rects.every((x) => x.frame === null && x.plane === 'frame' && x.source === 'ocr')).toBe(true);
  });

  it('does not read a current image again', async () => {
    const before = calls;
    const r = await ocrRun({ db, folder: join(work, 'in'), options: ['113100'], pool });
    expect(r).toMatchObject({ images: 1, read: 0, current: 1, rematched: 0 });
    expect(calls).toBe(before);
  });

  it('judges stored text again when the patient gains identifiers, without reading the pixels', async () => {
    // Another file of the same patient names them SMITH: the stored word is now identifying.
    const frame = createFrame(16, 16, 'uint8', 0);
    writeBurnedImage(join(work, 'in'), { path: 'b.dcm', patient: { name: 'SMITH^JOHN', id: 'P-1', birthDate: '19700101' }, rows: 16, cols: 16, photometric: 'MONOCHROME2', bitsAllocated: 8, bitsStored: 8, pixelData: frame.data as Uint8Array, burnedInAnnotation: 'NO', instance: 3 });
    await scanFolder(db, join(work, 'in'));
    const before = calls;
    const r = await ocrRun({ db, folder: join(work, 'in'), options: ['113100'], pool });
    expect(r).toMatchObject({ read: 0, current: 1, rematched: 1, proposed: 1 });
    expect(calls).toBe(before);
    const id = imageA()?.id as number;
    const smith = listRects(db, id).find((x) => x.text === 'SMITH');
    expect(smith).toMatchObject({ status: 'proposed', reason: 'name:SMITH' });
    expect(listDecisions(db, id).some((d) => d.action === 'propose' && d.fromStatus === 'unflagged')).toBe(true);
  });

  it('reads an image again when the file changed', async () => {
    utimesSync(join(work, 'in', 'a.dcm'), new Date(), new Date(Date.now() + 5000));
    await scanFolder(db, join(work, 'in'));
    reading = [word('DOE', 30)];
    const r = await ocrRun({ db, folder: join(work, 'in'), options: ['113100'], pool });
    expect(r).toMatchObject({ read: 1, current: 0 });
    expect(listRects(db, imageA()?.id as number).map((x) => [x.text, x.status, x.reason])).toEqual([['DOE', 'proposed', 'name:DOE']]);
  });

  it("judges stored text again when the project's denylist changes, and uses that project's lists only", async () => {
    reading = [word('DOE', 30), word('HELLO', 120)];
    utimesSync(join(work, 'in', 'a.dcm'), new Date(), new Date(Date.now() + 7000));
    await scanFolder(db, join(work, 'in'));
    const project = getOrCreateProject(db, 'lists');
    await ocrRun({ db, folder: join(work, 'in'), options: ['113100'], pool, projectId: project.id });
    const id = imageA()?.id as number;
    expect(listRects(db, id).find((x) => x.text === 'HELLO')?.status).toBe('unflagged');
    addPixelTerms(db, project.id, [{ list: 'deny', kind: 'word', term: 'hello' }]);
    const before = calls;
    expect(await ocrRun({ db, folder: join(work, 'in'), options: ['113100'], pool })).toMatchObject({ rematched: 0 });
    expect(await ocrRun({ db, folder: join(work, 'in'), options: ['113100'], pool, projectId: project.id })).toMatchObject({ read: 0, rematched: 1, proposed: 1 });
    expect(calls).toBe(before);
    expect(listRects(db, id).find((x) => x.text === 'HELLO')).toMatchObject({ status: 'proposed', reason: 'deny:HELLO' });
  });

  it('proposes every word with --redact-all-text, upgrading what was left unflagged', async () => {
    reading = [word('DOE', 30), word('HELLO', 120)];
    utimesSync(join(work, 'in', 'a.dcm'), new Date(), new Date(Date.now() + 9000));
    await scanFolder(db, join(work, 'in'));
    await ocrRun({ db, folder: join(work, 'in'), options: ['113100'], pool });
    const id = imageA()?.id as number;
    expect(listRects(db, id).find((x) => x.text === 'HELLO')?.status).toBe('unflagged');
    const before = calls;
    const r = await ocrRun({ db, folder: join(work, 'in'), options: ['113100'], pool, redactAllText: true });
    expect(r).toMatchObject({ read: 0, rematched: 1 });
    expect(calls).toBe(before);
    expect(listRects(db, id).find((x) => x.text === 'HELLO')).toMatchObject({ status: 'proposed', reason: 'all-text' });
  });

  it('reads overlay data only when 113103 keeps it', async () => {
    const bits = new Uint8Array(64 * 32);
    writeBurnedImage(join(work, 'ov'), {
      path: 'o.dcm', patient: { name: 'X^Y', id: 'P-2', birthDate: '19700101' }, rows: 32, cols: 64, photometric: 'MONOCHROME2', bitsAllocated: 8, bitsStored: 8,
      pixelData: new Uint8Array(64 * 32), burnedInAnnotation: 'NO', extra: overlayGroup(32, 64, bits.fill(1, 64 * 5, 64 * 9)),
    });
    await scanFolder(db, join(work, 'ov'));
    expect((await ocrRun({ db, folder: join(work, 'ov'), options: ['113100'], pool })).images).toBe(0);
    expect((await ocrRun({ db, folder: join(work, 'ov'), options: ['113100', '113103'], pool })).images).toBe(1);
  });
});
