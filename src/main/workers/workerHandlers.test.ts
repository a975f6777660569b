// The writer's worker judges what it wrote: the digest it returns is the file's, and a pending
// output with nothing burned is gated on the written file (not the input) before it is verified.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCtSeries } from '../../../test/fixtures/ctSeries';
import { listFiles } from '../../../test/support/dicomWalk';
import type { DeidFileTask } from '../deid/deidentifyFile';
import type { PixelPlan } from '../deid/pixelPlan';
import { createFrame, drawText } from '../../../test/pixelText/renderText';
import { writeBurnedImage } from '../../../test/fixtures/burnedInImages';
import { gateImageFile } from '../ocr/imageGate';
import { handleWorkerRequest, WRITTEN_GATED, WRITTEN_IDENTICAL } from './workerHandlers';

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'deid-handlers-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const GATED: PixelPlan = { ocr: 'done', ocrError: null, frameBoxes: [], overlayBoxes: {}, clearHiddenBits: false, gateCleared: true, keepOverlays: false };

function task(path: string, target: string, pixels: PixelPlan): DeidFileTask {
  return { path, target, subjectId: 'SUBJ-00001', patientName: 'SUBJ-00001', options: ['113100'], secretHex: '11'.repeat(32), allowUncleaned: false, overwrite: false, pixelCleaning: true, pixels, pendingVerify: true, spool: join(work, 'spool') };
}

async function deidentify(t: DeidFileTask) {
  const r = await handleWorkerRequest({ kind: 'deidentify', task: t });
  if (r.kind !== 'deidentify') throw new Error(`unexpected answer ${JSON.stringify(r)}`);
  return r.result;
}

describe('the deidentify request', () => {
  it('returns the SHA-256 of the bytes written and gates a no-text pending output', async () => {
    writeCtSeries(join(work, 'ct'), { count: 1, rows: 64, cols: 64, patientId: 'H-1', burnedInAnnotation: null });
    const [input] = listFiles(join(work, 'ct'));
    const r = await deidentify(task(input, join(work, 'out', 'ct.dcm'), GATED));
    expect(r).toMatchObject({ status: 'written', pixels: 'clean', gateVerified: WRITTEN_GATED });
    expect(r.sha256).toBe(createHash('sha256').update(readFileSync(r.pending as string)).digest('hex'));
  });

  it('does not gate-verify an output whose written pixels show text, whatever the plan said', async () => {
    const frame = createFrame(64, 32, 'uint8', 0);
    drawText(frame, 'DOE JOHN 12345', 2, 8, { value: 255 });
    writeBurnedImage(join(work, 'text'), { path: 't.dcm', patient: { name: 'DOE^JOHN', id: 'P-9', birthDate: '19700101' }, rows: 32, cols: 64, photometric: 'MONOCHROME2', bitsAllocated: 8, bitsStored: 8, pixelData: frame.data as Uint8Array, instance: 1 });
    const r = await deidentify(task(join(work, 'text', 't.dcm'), join(work, 'out', 't.dcm'), GATED));
    expect(r.pending).toBeDefined();
    expect(r.gateVerified).toBeUndefined();
  });

  it('does not gate-verify an output with boxes burned (it gets the full verify)', async () => {
    writeCtSeries(join(work, 'ct2'), { count: 1, rows: 64, cols: 64, patientId: 'H-2', burnedInAnnotation: null });
    const [input] = listFiles(join(work, 'ct2'));
    const r = await deidentify(task(input, join(work, 'out', 'ct2.dcm'), { ...GATED, gateCleared: false, frameBoxes: [{ frame: null, x: 1, y: 1, w: 8, h: 8 }] }));
    expect(r.pending).toBeDefined();
    expect(r.gateVerified).toBeUndefined();
  });

  it('takes the input gate\'s verdict for written pixels identical to the gated input (no second decode)', async () => {
    writeCtSeries(join(work, 'ct3'), { count: 1, rows: 64, cols: 64, patientId: 'H-3', burnedInAnnotation: null });
    const [input] = listFiles(join(work, 'ct3'));
    const gate = await gateImageFile(input);
    expect(gate).toMatchObject({ cleared: true, fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const r = await deidentify(task(input, join(work, 'out', 'ct3.dcm'), { ...GATED, gatedInput: gate.fingerprint }));
    expect(r).toMatchObject({ status: 'written', pixels: 'clean', gateVerified: WRITTEN_IDENTICAL });
    // The header was rewritten, the pixels were not: the written file's own gate agrees.
    expect(await gateImageFile(r.pending as string)).toMatchObject({ cleared: true, fingerprint: gate.fingerprint });
  });

  it('decodes and gates the written file when its pixels are not the gated input\'s, and then finds the text', async () => {
    const frame = createFrame(64, 32, 'uint8', 0);
    drawText(frame, 'DOE JOHN 12345', 2, 8, { value: 255 });
    writeBurnedImage(join(work, 'text2'), { path: 't.dcm', patient: { name: 'DOE^JOHN', id: 'P-8', birthDate: '19700101' }, rows: 32, cols: 64, photometric: 'MONOCHROME2', bitsAllocated: 8, bitsStored: 8, pixelData: frame.data as Uint8Array, instance: 1 });
    writeCtSeries(join(work, 'ct4'), { count: 1, rows: 64, cols: 64, patientId: 'H-4', burnedInAnnotation: null });
    const [blank] = listFiles(join(work, 'ct4'));
    // A fingerprint of other pixels (as if the input changed since it was gated) proves nothing.
    const other = (await gateImageFile(blank)).fingerprint;
    expect(other).toBeDefined();
    const r = await deidentify(task(join(work, 'text2', 't.dcm'), join(work, 'out', 't2.dcm'), { ...GATED, gatedInput: other }));
    expect(r.pending).toBeDefined();
    expect(r.gateVerified).toBeUndefined();
    // And a wrong fingerprint on a blank image still gets the written file gated, not trusted.
    const b = await deidentify(task(blank, join(work, 'out', 'ct4.dcm'), { ...GATED, gatedInput: '0'.repeat(64) }));
    expect(b).toMatchObject({ status: 'written', gateVerified: WRITTEN_GATED });
  });

  describe('an unread image left for the writer\'s gate (gateInWriter)', () => {
    const UNREAD: PixelPlan = { ocr: 'not-read', ocrError: null, frameBoxes: [], overlayBoxes: {}, clearHiddenBits: false, keepOverlays: false, gateInWriter: true };

    it('gates the input it opened and, cleared whole, writes it gate-cleared from the same open and says so', async () => {
      writeCtSeries(join(work, 'ct5'), { count: 1, rows: 64, cols: 64, patientId: 'H-5', burnedInAnnotation: null });
      const [input] = listFiles(join(work, 'ct5'));
      const r = await deidentify(task(input, join(work, 'out', 'ct5.dcm'), UNREAD));
      expect(r).toMatchObject({ status: 'written', pixels: 'clean', gated: { frames: 1, framesGated: 1 }, gateVerified: WRITTEN_IDENTICAL });
      expect(r.unread).toBeUndefined();
      // The written file's own gate agrees, on the same pixels.
      expect(await gateImageFile(r.pending as string)).toMatchObject({ cleared: true, fingerprint: (await gateImageFile(input)).fingerprint });
    });

    it('writes nothing for an input with text and says it is unread (withheld, should no one read it)', async () => {
      const frame = createFrame(64, 32, 'uint8', 0);
      drawText(frame, 'DOE JOHN 12345', 2, 8, { value: 255 });
      writeBurnedImage(join(work, 'text3'), { path: 't.dcm', patient: { name: 'DOE^JOHN', id: 'P-7', birthDate: '19700101' }, rows: 32, cols: 64, photometric: 'MONOCHROME2', bitsAllocated: 8, bitsStored: 8, pixelData: frame.data as Uint8Array, instance: 1 });
      const target = join(work, 'out', 't3.dcm');
      const r = await deidentify(task(join(work, 'text3', 't.dcm'), target, UNREAD));
      expect(r).toMatchObject({ status: 'withheld', unread: expect.any(String) });
      expect(r.pending).toBeUndefined();
      expect(r.gated).toBeUndefined();
      expect(existsSync(target)).toBe(false);
    });

    it('never lets a clearance drop a box drawn on an unread image: it comes back unread, to be read and burned', async () => {
      writeCtSeries(join(work, 'ct6'), { count: 1, rows: 64, cols: 64, patientId: 'H-6', burnedInAnnotation: null });
      const [input] = listFiles(join(work, 'ct6'));
      const r = await deidentify(task(input, join(work, 'out', 'ct6.dcm'), { ...UNREAD, frameBoxes: [{ frame: null, x: 1, y: 1, w: 8, h: 8 }] }));
      expect(r).toMatchObject({ status: 'withheld', unread: expect.stringMatching(/boxes/) });
      expect(r.pending).toBeUndefined();
    });

    it('says why it cannot write a file it cannot parse, as the writer does', async () => {
      mkdirSync(join(work, 'junk'), { recursive: true });
      writeFileSync(join(work, 'junk', 'x.dcm'), Buffer.alloc(300, 7));
      const r = await deidentify(task(join(work, 'junk', 'x.dcm'), join(work, 'out', 'x.dcm'), UNREAD));
      expect(r.status).toBe('failed');
      expect(r.unread).toBeUndefined();
    });
  });
});
