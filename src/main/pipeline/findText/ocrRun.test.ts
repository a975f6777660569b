import { mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overlayGroup, writeBurnedImage } from '../../../../test/fixtures/burnedInImages';
import { createFrame, drawText } from '../../../../test/pixelText/renderText';
import { region, scriptedEngines, type ScriptedEngines } from '../../../../test/support/scriptedEngines';
import type { AppDatabase } from '../../db/database';
import { listFilesUnder } from '../../db/filesRepo';
import { openDatabase } from '../../db/openDatabase';
import { addPixelTerms } from '../../db/pixelTermsRepo';
import { getOrCreateProject } from '../../db/projectsRepo';
import { getImageOcr, listDecisions, listRects } from '../../db/rectsRepo';
import { FIND_TEXT_ENGINE } from '../../ocr/imageText';
import { scanFolder } from '../scan/scanFolder';
import { judgePixels } from '../../deid/pixelVerdict';
import { ocrRun, recordWriterGate } from './ocrRun';
import { planPixels } from './planPixels';

let work: string;
let db: AppDatabase;
let engines: ScriptedEngines;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'deid-findtext-'));
  db = openDatabase(join(work, 'db.sqlite'));
  engines = scriptedEngines({ regions: [], text: {}, tesseract: [] });
  const frame = createFrame(64, 32, 'uint8', 0);
  drawText(frame, 'TEXT', 4, 4, { value: 255 });
  const patient = { name: 'DOE^JOHN', id: 'P-1', birthDate: '19700101' };
  writeBurnedImage(join(work, 'in'), { path: 'a.dcm', patient, rows: 32, cols: 64, photometric: 'MONOCHROME2', bitsAllocated: 8, bitsStored: 8, pixelData: frame.data as Uint8Array, instance: 1 });
  writeBurnedImage(join(work, 'in'), { path: 'no.dcm', patient, rows: 32, cols: 64, photometric: 'MONOCHROME2', bitsAllocated: 8, bitsStored: 8, pixelData: frame.data as Uint8Array, burnedInAnnotation: 'NO', instance: 2 });
});
afterAll(async () => {
  await engines.close();
  db.close();
  rmSync(work, { recursive: true, force: true });
});

const imageA = () => listFilesUnder(db, join(work, 'in')).find((r) => r.path.endsWith('a.dcm'));
const run = (extra: Partial<Parameters<typeof ocrRun>[0]> = {}) => ocrRun({ db, folder: join(work, 'in'), options: ['113100'], engines, ...extra });
const touch = async (seconds: number): Promise<void> => {
  utimesSync(join(work, 'in', 'a.dcm'), new Date(), new Date(Date.now() + seconds * 1000));
  await scanFolder(db, join(work, 'in'));
};

describe('the find-text stage', () => {
  it('reads every image with pixels, BurnedInAnnotation NO included, and stores each region found, kept only when explained', async () => {
    await scanFolder(db, join(work, 'in'));
    engines.script.regions = [region(2, 2, 20, 8), region(30, 2, 20, 8), region(40, 20, 10, 8)];
    engines.script.text = { 2: 'GAIN 50', 30: 'HELLO' };
    const r = await run();
    expect(r).toMatchObject({ images: 2, read: 2, gateCleared: 0, current: 0, failed: 0 });
    const row = imageA();
    expect(getImageOcr(db, row?.id as number)).toMatchObject({ status: 'done', engine: FIND_TEXT_ENGINE, frames: 1, framesRead: 1, size: row?.size });
    const rects = listRects(db, row?.id as number);
    expect(rects.map((x) => [x.text, x.status, x.reason])).toEqual([
      ['GAIN 50', 'unflagged', 'explained'],
      ['HELLO', 'proposed', 'unexplained text'],
      ['', 'proposed', 'unreadable text'],
    ]);
    expect(rects.every((x) => x.frame === null && x.plane === 'frame' && x.source === 'ocr')).toBe(true);
  });

  it('does not read a current image again', async () => {
    const before = { ...engines.calls };
    expect(await run()).toMatchObject({ images: 2, read: 0, current: 2, rematched: 0 });
    expect(engines.calls.detect).toBe(before.detect);
  });

  it('judges kept text again when the patient gains identifiers, without reading the pixels', async () => {
    engines.script.regions = [region(2, 2, 20, 8)];
    engines.script.text = { 2: 'LIVER' };
    await touch(3);
    await run();
    expect(listRects(db, imageA()?.id as number).map((x) => x.status)).toEqual(['unflagged']);
    // Another file of the same patient gives them the name LIVER: the kept word now names them.
    const frame = createFrame(16, 16, 'uint8', 0);
    writeBurnedImage(join(work, 'in'), { path: 'b.dcm', patient: { name: 'LIVER^JOHN', id: 'P-1', birthDate: '19700101' }, rows: 16, cols: 16, photometric: 'MONOCHROME2', bitsAllocated: 8, bitsStored: 8, pixelData: frame.data as Uint8Array, burnedInAnnotation: 'NO', instance: 3 });
    await scanFolder(db, join(work, 'in'));
    const before = engines.calls.detect;
    const r = await run();
    expect(r).toMatchObject({ read: 1, rematched: 2 });
    // Only the new file was read, and its blank frame was cleared by the text gate: no detector.
    expect(engines.calls.detect).toBe(before);
    const id = imageA()?.id as number;
    expect(listRects(db, id)[0]).toMatchObject({ status: 'proposed', reason: expect.stringMatching(/^name:/) });
    expect(listDecisions(db, id).some((d) => d.action === 'propose' && d.fromStatus === 'unflagged')).toBe(true);
  });

  it('reads an image again when the file changed', async () => {
    engines.script.regions = [region(5, 5, 20, 8)];
    engines.script.text = { 5: 'DOE' };
    await touch(5);
    expect(await run()).toMatchObject({ read: 1 });
    expect(listRects(db, imageA()?.id as number).map((x) => [x.text, x.status, x.reason])).toEqual([['DOE', 'proposed', expect.stringMatching(/^name:/)]]);
  });

  it("judges kept text again when the project's denylist changes, and uses that project's lists only", async () => {
    engines.script.regions = [region(2, 2, 20, 8)];
    engines.script.text = { 2: 'GAIN 50' };
    await touch(7);
    const project = getOrCreateProject(db, 'lists');
    await run({ projectId: project.id });
    const id = imageA()?.id as number;
    expect(listRects(db, id)[0]?.status).toBe('unflagged');
    addPixelTerms(db, project.id, [{ list: 'deny', kind: 'word', term: 'gain' }]);
    const before = engines.calls.detect;
    expect(await run()).toMatchObject({ rematched: 0 });
    // Both images of the folder keep `GAIN 50` (no.dcm since the first read): both are upgraded.
    expect(await run({ projectId: project.id })).toMatchObject({ read: 0, proposed: 2 });
    expect(engines.calls.detect).toBe(before);
    expect(listRects(db, id)[0]).toMatchObject({ status: 'proposed', reason: expect.stringMatching(/^deny:/) });
  });

  it('proposes every region with --redact-all-text, upgrading what was kept', async () => {
    engines.script.regions = [region(2, 2, 20, 8)];
    engines.script.text = { 2: 'GAIN 50' };
    await touch(9);
    await run();
    const id = imageA()?.id as number;
    expect(listRects(db, id)[0]?.status).toBe('unflagged');
    const before = engines.calls.detect;
    expect(await run({ redactAllText: true })).toMatchObject({ read: 0 });
    expect(engines.calls.detect).toBe(before);
    expect(listRects(db, id)[0]).toMatchObject({ status: 'proposed', reason: 'all-text' });
  });

  it('reads Overlay Data planes as well as the frame', async () => {
    const bits = new Uint8Array(64 * 32);
    const withText = createFrame(64, 32, 'uint8', 0);
    drawText(withText, 'TEXT', 4, 4, { value: 255 });
    writeBurnedImage(join(work, 'ov'), {
      path: 'o.dcm', patient: { name: 'X^Y', id: 'P-2', birthDate: '19700101' }, rows: 32, cols: 64, photometric: 'MONOCHROME2', bitsAllocated: 8, bitsStored: 8,
      pixelData: withText.data as Uint8Array, burnedInAnnotation: 'NO', extra: overlayGroup(32, 64, bits.fill(1, 64 * 5, 64 * 9)),
    });
    await scanFolder(db, join(work, 'ov'));
    engines.script.regions = [region(1, 4, 30, 6)];
    engines.script.text = { 1: 'X Y' };
    const r = await ocrRun({ db, folder: join(work, 'ov'), options: ['113100'], engines });
    expect(r).toMatchObject({ images: 1, read: 1 });
    const row = listFilesUnder(db, join(work, 'ov'))[0];
    expect(getImageOcr(db, row.id)?.overlaysRead).toEqual([0x6000]);
    expect(listRects(db, row.id).map((x) => x.plane).sort()).toEqual(['frame', 'overlay']);
  });

  it('never hands the detector a frame the text gate clears, and its plan says gate-cleared', async () => {
    const blank = createFrame(64, 32, 'uint8', 40);
    writeBurnedImage(join(work, 'gate'), { path: 'g.dcm', patient: { name: 'G^H', id: 'P-3', birthDate: '19700101' }, rows: 32, cols: 64, photometric: 'MONOCHROME2', bitsAllocated: 8, bitsStored: 8, pixelData: blank.data as Uint8Array, instance: 1 });
    await scanFolder(db, join(work, 'gate'));
    engines.script.regions = [region(1, 4, 30, 6)];
    engines.script.text = { 1: 'G H' };
    const before = engines.calls.detect;
    expect(await ocrRun({ db, folder: join(work, 'gate'), options: ['113100'], engines })).toMatchObject({ images: 1, read: 1, gateCleared: 1 });
    expect(engines.calls.detect).toBe(before);
    const row = listFilesUnder(db, join(work, 'gate'))[0];
    expect(getImageOcr(db, row.id)).toMatchObject({ status: 'done', frames: 1, framesRead: 0 });
    expect(listRects(db, row.id)).toEqual([]);
    const plan = planPixels(db, row, ['113100']);
    expect(plan.gateCleared).toBe(true);
    expect(judgePixels(row, plan, { options: ['113100'], canRead: false, canClean: true, allowUncleaned: false })).toMatchObject({ action: 'clean', reason: expect.stringMatching(/^gate-cleared: .*no overlay in the file/) });
  });

  it('with deferUnread, reads nothing that is not current and lists it for the writer; the writer\'s clearance is recorded as a gated read', async () => {
    const blank = createFrame(64, 32, 'uint8', 40);
    const patient = { name: 'G^H', id: 'P-4', birthDate: '19700101' };
    writeBurnedImage(join(work, 'gated'), { path: 'g.dcm', patient, rows: 32, cols: 64, photometric: 'MONOCHROME2', bitsAllocated: 8, bitsStored: 8, pixelData: blank.data as Uint8Array, instance: 1 });
    const text = createFrame(64, 32, 'uint8', 0);
    drawText(text, 'TEXT', 4, 4, { value: 255 });
    writeBurnedImage(join(work, 'gated'), { path: 't.dcm', patient, rows: 32, cols: 64, photometric: 'MONOCHROME2', bitsAllocated: 8, bitsStored: 8, pixelData: text.data as Uint8Array, instance: 2 });
    await scanFolder(db, join(work, 'gated'));
    const before = { ...engines.calls };
    const [g, t] = listFilesUnder(db, join(work, 'gated')).sort((a, b) => a.path.localeCompare(b.path));
    const deferred = await ocrRun({ db, folder: join(work, 'gated'), options: ['113100'], engines, deferUnread: true });
    expect(deferred).toMatchObject({ images: 2, read: 0, current: 0 });
    expect([...deferred.deferred].sort()).toEqual([g.id, t.id].sort());
    // Nothing decoded or detected here, nothing recorded: both still unread.
    expect(engines.calls).toEqual(before);
    expect(getImageOcr(db, g.id)).toBeUndefined();
    expect(planPixels(db, g, ['113100']).ocr).toBe('not-read');
    // What the run stores when the writer's gate cleared an image: the fully gated record.
    recordWriterGate(db, g, { frames: 1, framesGated: 1 }, 'key');
    expect(getImageOcr(db, g.id)).toMatchObject({ status: 'done', frames: 1, framesRead: 0, overlaysRead: [] });
    expect(planPixels(db, g, ['113100'])).toMatchObject({ ocr: 'done', gateCleared: true });
    // A second deferring run finds it current and leaves only the other one.
    expect((await ocrRun({ db, folder: join(work, 'gated'), options: ['113100'], engines, deferUnread: true })).deferred).toEqual([t.id]);
  });
});
