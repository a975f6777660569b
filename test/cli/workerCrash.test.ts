import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunSummarySchema, type FileOutcome, type RunSummary } from '../../src/shared/runSummary';
import { concatBytes, elementHeader, encodeDicom, type FixtureElement } from '../fixtures/dicomEncoder';
import { el, privateCreator, rawEl } from '../fixtures/elements';
import { uid } from '../fixtures/fileSpec';
import { SOP_CLASS } from '../fixtures/tags';
import { listFiles } from '../support/dicomWalk';
import { runCli, type CliRun } from '../support/runCli';
import { writeTinyStudy, type TinyImage } from '../support/tinyStudy';

/**
 * Files that always crash their worker, through the real pool and the real bundled worker: each
 * holds 300 000 empty sequence items (2.4 MB), whose parse needs far more than the 16 MB heap the
 * test gives each worker (the tiny study's files need a fraction of it).
 */
const ITEMS = 300_000;
const HEAP = { DEID_STUDIO_WORKER_HEAP_MB: '16' };

let work: string;
let images: TinyImage[];
let headerCrash: string;
let writeCrash: string;
let scan: CliRun;
let run: CliRun;
let summary: RunSummary;
let outcomes: FileOutcome[];

/** `ITEMS` empty items of defined length, back to back. */
function emptyItems(): Uint8Array {
  const bytes = Buffer.alloc(8 * ITEMS);
  for (let i = 0; i < ITEMS; i++) bytes.writeUInt32LE(0xe000fffe, i * 8);
  return bytes;
}

function imageBase(instance: number): FixtureElement[] {
  return [
    el('SOPClassUID', SOP_CLASS.ctImage),
    el('SOPInstanceUID', uid(9, 7, 7, instance)),
    el('StudyDate', '20240105'),
    el('Modality', 'CT'),
    el('PatientName', 'Crash^Carl'),
    el('PatientID', 'MRN-CRASH'),
    el('StudyInstanceUID', uid(9, 7)),
    el('SeriesInstanceUID', uid(9, 7, 7)),
    el('SeriesNumber', 7),
    el('InstanceNumber', instance),
    el('SamplesPerPixel', 1),
    el('PhotometricInterpretation', 'MONOCHROME2'),
    el('Rows', 4),
    el('Columns', 4),
    el('BitsAllocated', 16),
    el('BitsStored', 12),
    el('HighBit', 11),
    el('PixelRepresentation', 0),
    el('BurnedInAnnotation', 'NO'),
  ];
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'deid-crash-'));
  const input = join(work, 'in');
  images = writeTinyStudy(input);
  // Crashes the header reader: a standard sequence written as UN (read as items) before Pixel Data.
  headerCrash = join(input, 'crash-header.dcm');
  writeFileSync(headerCrash, encodeDicom([...imageBase(1), rawEl('ReferencedImageSequence', 'UN', emptyItems()), el('PixelData', new Uint8Array(32), 'OW')]));
  // Passes the header reader (which stops at Pixel Data), crashes the writer: a private sequence after it.
  writeCrash = join(input, 'crash-write.dcm');
  const items = emptyItems();
  writeFileSync(
    writeCrash,
    concatBytes([
      encodeDicom([...imageBase(2), el('PixelData', new Uint8Array(32), 'OW'), privateCreator(0x7fe1, 0x10, 'CRASH TEST')]),
      elementHeader(0x7fe11001, 'SQ', items.length, { explicitVr: true, littleEndian: true }),
      items,
    ]),
  );
  const db = join(work, 'db', 'deid.sqlite');
  scan = runCli(['scan', input, '--db', join(work, 'scan-db', 'deid.sqlite')], HEAP);
  run = runCli(['deidentify', input, '--out', join(work, 'out'), '--db', db, '--workers', '2', '--json'], HEAP);
  summary = RunSummarySchema.parse(JSON.parse(run.stdout));
  outcomes = (JSON.parse(readFileSync(summary.report as string, 'utf8')) as { files: FileOutcome[] }).files;
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a file that always crashes its worker', () => {
  it('is unreadable to the scan when it crashes the header reader, and only that file', () => {
    expect(scan.status, scan.stderr).toBe(0);
    // 6 tiny images and the writer's crash file are DICOM; the header reader's crash file is not readable.
    expect(scan.stderr).toMatch(/: 7 DICOM, 1 not DICOM, 0 DICOMDIR, 1 unreadable/);
  });

  it('finishes the run with exit code 2, each crashing file failed "worker crashed", every other file written', () => {
    expect(run.status, run.stderr).toBe(2);
    expect(summary.exitCode).toBe(2);
    const byPath = new Map(outcomes.map((o) => [o.path, o]));
    for (const crash of [headerCrash, writeCrash]) {
      expect(byPath.get(crash)?.status, crash).toBe('failed');
      expect(byPath.get(crash)?.reason, crash).toMatch(/^worker crashed: .*out of memory/);
    }
    for (const image of images) expect(byPath.get(image.path)?.status, image.path).toBe('written');
    expect(summary.counts).toMatchObject({ written: images.length, failed: 2, withheld: 0 });
    expect(listFiles(join(work, 'out'))).toHaveLength(images.length);
  });
});
