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
import { gateImage, gateImageFile, pixelsWrittenAsGated } from '../ocr/imageGate';
import { FileSource } from '../dicom/byteSource';
import { parseDicom } from '../dicom/parseDicom';
import { locatePixels } from '../pixels/locateImage';
import type { ImagePixelDescription } from '../pixels/imageDescription';
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

/** A file's pixel description and its Pixel Data value, as read from it. */
function pixelValueOf(path: string): { desc: ImagePixelDescription; value: Uint8Array } {
  const src = new FileSource(path);
  try {
    const located = locatePixels(parseDicom(src));
    if (!located) throw new Error(`no Pixel Data in ${path}`);
    return { desc: located.desc, value: Uint8Array.from(src.read(located.pixel.valueOffset, located.pixel.endOffset - located.pixel.valueOffset)) };
  } finally {
    src.close();
  }
}

describe('pixelsWrittenAsGated', () => {
  it('is true only for a file holding the very value, described the same way, and false for what it cannot read', () => {
    writeCtSeries(join(work, 'cmp'), { count: 2, rows: 64, cols: 64, patientId: 'H-9', burnedInAnnotation: null });
    const [a, b] = listFiles(join(work, 'cmp'));
    const { desc, value } = pixelValueOf(a);
    expect(pixelsWrittenAsGated(a, desc, value)).toBe(true);
    const flipped = Uint8Array.from(value);
    flipped[value.length - 1] ^= 1;
    expect(pixelsWrittenAsGated(a, desc, flipped)).toBe(false);
    expect(pixelsWrittenAsGated(a, desc, value.subarray(0, value.length - 2))).toBe(false);
    expect(pixelsWrittenAsGated(a, { ...desc, windowCenter: 12345 }, value)).toBe(false);
    // Another slice of the series: other pixels, described the same way.
    expect(pixelValueOf(b).value).not.toEqual(value);
    expect(pixelsWrittenAsGated(b, desc, value)).toBe(false);
    expect(pixelsWrittenAsGated(join(work, 'nothing-here.dcm'), desc, value)).toBe(false);
  });
});

describe('gateImage on high bits', () => {
  it('says it proved the high bits only where its reading checks every stored word (native 16-bit, High Bit = Bits Stored - 1)', async () => {
    writeCtSeries(join(work, 'hb'), { count: 1, rows: 64, cols: 64, patientId: 'H-8', burnedInAnnotation: null });
    const [ct] = listFiles(join(work, 'hb'));
    const src = new FileSource(ct);
    try {
      const located = locatePixels(parseDicom(src));
      if (!located) throw new Error('no pixels');
      expect(await gateImage(located)).toMatchObject({ cleared: true, highBitsChecked: true });
    } finally {
      src.close();
    }
    const eight = writeBurnedImage(join(work, 'hb8'), { path: 'e.dcm', patient: { name: 'A^B', id: 'P-5', birthDate: '19700101' }, rows: 32, cols: 64, photometric: 'MONOCHROME2', bitsAllocated: 8, bitsStored: 8, pixelData: new Uint8Array(64 * 32), instance: 1 });
    expect(await gateImageFile(eight)).toMatchObject({ cleared: true, highBitsChecked: false });
  });
});

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

  it('gates the written file itself when the plan comes from a clearance made elsewhere (no proof carried in the plan)', async () => {
    writeCtSeries(join(work, 'ct3'), { count: 1, rows: 64, cols: 64, patientId: 'H-3', burnedInAnnotation: null });
    const [input] = listFiles(join(work, 'ct3'));
    const r = await deidentify(task(input, join(work, 'out', 'ct3.dcm'), GATED));
    expect(r).toMatchObject({ status: 'written', pixels: 'clean', gateVerified: WRITTEN_GATED });
  });

  describe('an unread image left for the writer\'s gate (gateInWriter)', () => {
    const UNREAD: PixelPlan = { ocr: 'not-read', ocrError: null, frameBoxes: [], overlayBoxes: {}, clearHiddenBits: false, keepOverlays: false, gateInWriter: true };

    it('gates the input it opened and, cleared whole, writes it gate-cleared from the same open and says so', async () => {
      writeCtSeries(join(work, 'ct5'), { count: 1, rows: 64, cols: 64, patientId: 'H-5', burnedInAnnotation: null });
      const [input] = listFiles(join(work, 'ct5'));
      const r = await deidentify(task(input, join(work, 'out', 'ct5.dcm'), UNREAD));
      expect(r).toMatchObject({ status: 'written', pixels: 'clean', gated: { frames: 1, framesGated: 1 }, gateVerified: WRITTEN_IDENTICAL });
      expect(r.unread).toBeUndefined();
      // The written file's own gate agrees, and it holds the very Pixel Data value of the input.
      expect(await gateImageFile(r.pending as string)).toMatchObject({ cleared: true });
      const { desc, value } = pixelValueOf(input);
      expect(pixelsWrittenAsGated(r.pending as string, desc, value)).toBe(true);
    });

    it('withholds, unread, a 16-bit input with bits set above High Bit (the gate proves what the copy\'s check would)', async () => {
      const words = new Uint16Array(64 * 32).fill(100);
      words[5] = 100 | (1 << 13);
      const path = writeBurnedImage(join(work, 'hidden'), { path: 'h.dcm', patient: { name: 'DOE^JANE', id: 'P-6', birthDate: '19700101' }, rows: 32, cols: 64, photometric: 'MONOCHROME2', bitsAllocated: 16, bitsStored: 12, pixelData: new Uint8Array(words.buffer), instance: 1, burnedInAnnotation: null });
      const target = join(work, 'out', 'h.dcm');
      const r = await deidentify(task(path, target, UNREAD));
      expect(r).toMatchObject({ status: 'withheld', unread: expect.stringMatching(/Bits Stored/) });
      expect(existsSync(target)).toBe(false);
      // Without the bit, the same image is written, its high bits proven by the gate.
      words[5] = 100;
      const clean = writeBurnedImage(join(work, 'hidden2'), { path: 'h.dcm', patient: { name: 'DOE^JANE', id: 'P-6', birthDate: '19700101' }, rows: 32, cols: 64, photometric: 'MONOCHROME2', bitsAllocated: 16, bitsStored: 12, pixelData: new Uint8Array(words.buffer), instance: 1, burnedInAnnotation: null });
      expect(await deidentify(task(clean, join(work, 'out', 'h2.dcm'), UNREAD))).toMatchObject({ status: 'written', gateVerified: WRITTEN_IDENTICAL });
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
