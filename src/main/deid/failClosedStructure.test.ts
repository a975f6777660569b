import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concatBytes, elementHeader, encodeDicom, type FixtureElement } from '../../../test/fixtures/dicomEncoder';
import { el, rawEl, sq } from '../../../test/fixtures/elements';
import { deidentifyFile, type DeidFileTask } from './deidentifyFile';

/** A marker every identifying value carries: it must reach no output byte. */
const MARK = 'ZQXMARK';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'deid-failclosed-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A document (no pixels) with the given extra elements. */
function write(name: string, extra: FixtureElement[]): string {
  const path = join(dir, name);
  writeFileSync(path, encodeDicom([
    el('SOPClassUID', '1.2.840.10008.5.1.4.1.1.88.11'),
    el('SOPInstanceUID', `1.2.826.0.1.3680043.10.1234.88.${name.length}`),
    el('PatientName', `${MARK}^Top`),
    el('PatientID', `${MARK}-ID`),
    ...extra,
  ]));
  return path;
}

const task = (path: string): DeidFileTask => ({
  path,
  target: `${path}.out.dcm`,
  subjectId: 'SUBJ-00001',
  patientName: 'SUBJ-00001',
  options: ['113100'],
  secretHex: '11'.repeat(32),
  allowUncleaned: false,
  overwrite: false,
  pixelCleaning: false,
});

/** Items (explicit VR LE) holding a marked PatientName, as the value bytes of a sequence. */
function itemBytes(): Uint8Array {
  const name = el('PatientName', `${MARK}^Nested`);
  const value = new TextEncoder().encode(String(name.value).padEnd(18, ' '));
  const inner = concatBytes([elementHeader(name.tag, 'PN', value.length, { explicitVr: true, littleEndian: true }), value]);
  const head = Buffer.alloc(8);
  head.writeUInt32LE(0xe000fffe, 0);
  head.writeUInt32LE(inner.length, 4);
  return concatBytes([head, inner]);
}

function output(path: string): string {
  return Buffer.from(readFileSync(`${path}.out.dcm`)).toString('latin1');
}

describe('the writer fails closed on structure', () => {
  it('removes tags the dictionary does not know, even in group 0010, and lists them', () => {
    const path = write('unknown.dcm', [rawEl(0x00109999, 'LO', new TextEncoder().encode(`${MARK}-X`)), rawEl(0x00431234 - 0x00010000, 'LO', new TextEncoder().encode(`${MARK}-Y`))]);
    const r = deidentifyFile(task(path));
    expect(r.status).toBe('written');
    expect(r.unknownTags).toEqual(['(0010,9999)', '(0042,1234)']);
    expect(output(path)).not.toContain(MARK);
  });

  for (const vr of ['OB', 'OW', 'UT', 'LT', 'UN']) {
    it(`walks a sequence written with VR ${vr} as one (its PatientName is replaced)`, () => {
      const path = write(`hidden-${vr}.dcm`, [rawEl('ReferencedImageSequence', vr, itemBytes())]);
      const r = deidentifyFile(task(path));
      expect(r.status).toBe('written');
      expect(output(path)).not.toContain(MARK);
      // Walked, not dropped: the sequence is still there, its item de-identified.
      expect(r.counts).not.toHaveProperty('removedOpaqueSequence');
    });
  }

  it('removes an opaque value that starts like a sequence but does not parse as one', () => {
    const broken = itemBytes().slice();
    broken[4] = 0xff; // the item claims more bytes than there are
    const path = write('broken.dcm', [rawEl('ReferencedImageSequence', 'OB', broken)]);
    const r = deidentifyFile(task(path));
    expect(r.status).toBe('written');
    expect(r.counts).toHaveProperty('removedOpaqueSequence', 1);
    expect(output(path)).not.toContain(MARK);
  });

  it('withholds an image with Pixel Data nested inside a kept sequence, with the reason', () => {
    const path = write('nested.dcm', [sq('ReferencedImageSequence', [[el('ReferencedSOPInstanceUID', '1.2.3'), el('Rows', 2), el('Columns', 2), el('PixelData', new Uint8Array(8), 'OW')]])]);
    const r = deidentifyFile(task(path));
    expect(r).toMatchObject({ status: 'withheld', reason: expect.stringContaining('Pixel Data nested inside a sequence') });
    expect(existsSync(`${path}.out.dcm`)).toBe(false);
  });
});
