import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeDicom } from '../../../test/fixtures/dicomEncoder';
import { el } from '../../../test/fixtures/elements';
import { deidentifyFile, type DeidFileTask } from './deidentifyFile';
import type { PixelPlan } from './pixelPlan';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'deid-file-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A 4×4 16-bit image with 12 bits stored; `values` are the 16 stored words. */
function image(name: string, values: number[], signed = false, burned: string | null = 'NO'): string {
  const pixels = new Uint8Array(new Uint16Array(values).buffer);
  const path = join(dir, name);
  writeFileSync(
    path,
    encodeDicom([
      el('SOPClassUID', '1.2.840.10008.5.1.4.1.1.2'),
      el('SOPInstanceUID', `1.2.826.0.1.3680043.10.1234.77.${name.length}${values[0]}`),
      el('PatientName', 'Hidden^Bits'),
      el('PatientID', 'HB-0001'),
      el('SamplesPerPixel', 1),
      el('PhotometricInterpretation', 'MONOCHROME2'),
      el('Rows', 4),
      el('Columns', 4),
      el('BitsAllocated', 16),
      el('BitsStored', 12),
      el('HighBit', 11),
      el('PixelRepresentation', signed ? 1 : 0),
      ...(burned === null ? [] : [el('BurnedInAnnotation', burned)]),
      el('PixelData', pixels, 'OW'),
    ]),
  );
  return path;
}

/** Every frame read, nothing found to burn: what the find-text stage records for a plain image. */
const READ_NOTHING_TO_BURN: PixelPlan = { ocr: 'done', ocrError: null, frameBoxes: [], overlayBoxes: {}, clearHiddenBits: false, keepOverlays: false };

const task = (path: string, allowUncleaned = false, pixels: PixelPlan | null = READ_NOTHING_TO_BURN): DeidFileTask => ({
  path,
  target: `${path}.out.dcm`,
  subjectId: 'SUBJ-00001',
  patientName: 'SUBJ-00001_20240101',
  options: ['113100', '113106', '113108'],
  secretHex: '11'.repeat(32),
  allowUncleaned,
  overwrite: false,
  pixelCleaning: true,
  ...(pixels ? { pixels } : {}),
});

describe('deidentifyFile pixel policy', () => {
  it('writes a clean 12-bit image and withholds one with bits set above HighBit', () => {
    const clean = image('clean.dcm', Array.from({ length: 16 }, (_, i) => i * 200));
    expect(deidentifyFile(task(clean)).status).toBe('written');
    const hidden = image('hidden.dcm', [...Array(15).fill(100), 0x2000 | 100]);
    const r = deidentifyFile(task(hidden));
    expect(r.status).toBe('withheld');
    expect(r.reason).toMatch(/above HighBit 11/);
    expect(existsSync(`${hidden}.out.dcm`)).toBe(false);
  });

  it('accepts sign extension of signed data', () => {
    const signed = image('signed.dcm', [0xf830, 0xffff, ...Array(14).fill(5)], true);
    expect(deidentifyFile(task(signed)).status).toBe('written');
  });

  it('with --allow-uncleaned writes it and records that pixels were not cleaned', () => {
    const hidden = image('hidden2.dcm', [...Array(15).fill(7), 0x4000]);
    const r = deidentifyFile(task(hidden, true));
    expect(r.status).toBe('written');
    expect(r.uncleaned?.[0]).toMatch(/HighBit/);
    expect(readFileSync(`${hidden}.out.dcm`).toString('latin1')).toContain('Pixels NOT cleaned');
  });

  it('withholds every image whose pixels were not read, whatever BurnedInAnnotation says', () => {
    for (const burned of [null, 'YES', 'NO']) {
      const unread = image(`unread-${burned ?? 'absent'}.dcm`, Array(16).fill(1), false, burned);
      expect(deidentifyFile(task(unread, false, null))).toMatchObject({ status: 'withheld', reason: expect.stringMatching(/pixels not read/) });
      expect(existsSync(`${unread}.out.dcm`)).toBe(false);
    }
  });

  it('withholds every image with pixels when the run cannot clean them', () => {
    const off = image('off.dcm', Array(16).fill(3));
    expect(deidentifyFile({ ...task(off), pixelCleaning: false })).toMatchObject({ status: 'withheld', reason: expect.stringMatching(/pixel cleaning is off/) });
  });
});
