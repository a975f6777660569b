import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeDicom, type FixtureElement } from '../../../test/fixtures/dicomEncoder';
import { el, sq } from '../../../test/fixtures/elements';
import { SOP_CLASS } from '../../../test/fixtures/tags';
import { parseFile, topText, visitElements } from '../../../test/support/dicomWalk';
import type { DeidOptionCode } from '../../shared/deidOptions';
import { TAG } from '../dicom/dictionary';
import { readText } from '../dicom/elementValues';
import type { ParsedDicom } from '../dicom/types';
import { deidentifyFile, type DeidFileTask } from './deidentifyFile';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'deid-values-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SECRET_BYTES = Uint8Array.from({ length: 48 }, (_, i) => (i * 37 + 11) & 0xff);

/** A header-only file holding dates, descriptors, free text and an Encrypted Attributes Sequence. */
function headerFile(name: string, extra: FixtureElement[] = []): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    encodeDicom([
      el('SpecificCharacterSet', 'ISO_IR 100'),
      el('SOPClassUID', SOP_CLASS.secondaryCapture),
      el('SOPInstanceUID', `1.2.826.0.1.3680043.10.1234.88.${name.length}`),
      el('StudyDate', '20240315'),
      el('SeriesDate', '20240316'),
      el('AcquisitionDate', '20240314'),
      el('AcquisitionDateTime', '20240314101500.25+0100'),
      el('StudyTime', '101500'),
      el('Modality', 'OT'),
      el('Manufacturer', 'ACME'),
      el('StudyDescription', 'CT HEAD for DOE 20240315'),
      sq('AnatomicRegionSequence', [
        [el('CodeValue', 'P-12345'), el('CodingSchemeDesignator', '99LOCAL'), el('CodeMeaning', 'Ct head for Doe 2024.03.15')],
        [el('CodeValue', 'T-D1100'), el('CodingSchemeDesignator', 'SRT'), el('CodeMeaning', 'Head')],
      ]),
      el('PatientName', 'Doe^Jane'),
      el('PatientID', 'MRN-778899'),
      el('PatientBirthDate', '19700102'),
      el('SecondaryCaptureDeviceID', 'SCD-99001'),
      el('DetectorDescription', 'SN=L03-02246;panel A'),
      el('DetectorID', 'L03-02246'),
      el('StudyInstanceUID', '1.2.826.0.1.3680043.10.1234.88.1'),
      el('SeriesInstanceUID', '1.2.826.0.1.3680043.10.1234.88.2'),
      sq('ReferencedImageSequence', [[el('ReferencedSOPClassUID', SOP_CLASS.ctImage), el('ReferencedSOPInstanceUID', '1.2.826.0.1.3680043.10.1234.88.3'), el('InstanceCreationDate', '20240310')]]),
      el('ContentDescription', 'Scanned 2024-03-14 for Jane Doe'),
      sq('EncryptedAttributesSequence', [[el('EncryptedContentTransferSyntaxUID', '1.2.840.10008.1.2.1'), el('EncryptedContent', SECRET_BYTES, 'OB')]]),
      ...extra,
    ]),
  );
  return path;
}

const task = (path: string, options: DeidOptionCode[], extra: Partial<DeidFileTask> = {}): DeidFileTask => ({
  path,
  target: `${path}.${options.join('-')}.out.dcm`,
  subjectId: 'SUBJ-00001',
  patientName: 'SUBJ-00001',
  options,
  secretHex: '11'.repeat(32),
  allowUncleaned: false,
  overwrite: true,
  pixelCleaning: false,
  patientValues: { key: 'doe', values: { personNames: ['Doe^Jane'], ids: ['MRN-778899'], dates: [{ value: '19700102', label: 'birth' }] }, allow: {} },
  ...extra,
});

function texts(p: ParsedDicom, tag: number): string[] {
  const out: string[] = [];
  const cs = topText(p, TAG.SpecificCharacterSet);
  visitElements(p.dataset, (e) => {
    if (e.tag === tag) out.push(readText(p.datasetSource, e, cs));
  });
  return out;
}

function tags(p: ParsedDicom): Set<number> {
  const out = new Set<number>();
  visitElements(p.dataset, (e) => out.add(e.tag));
  return out;
}

describe('value rules in the writer', () => {
  it('removes the Encrypted Attributes Sequence and its content whatever the options', () => {
    const path = headerFile('encrypted.dcm');
    for (const options of [['113100', '113106', '113108'], ['113100', '113110', '113109', '113112']] as DeidOptionCode[][]) {
      const t = task(path, options);
      expect(deidentifyFile(t).status).toBe('written');
      const bytes = readFileSync(t.target);
      expect(bytes.includes(Buffer.from(SECRET_BYTES))).toBe(false);
      expect(tags(parseFile(t.target)).has(TAG.EncryptedAttributesSequence)).toBe(false);
    }
  });

  it('113107 shifts every date by the offset at every depth, keeps times, records MODIFIED and 113107', () => {
    const path = headerFile('shift.dcm');
    const t = task(path, ['113100', '113107'], { dateOffsetDays: -100 });
    const r = deidentifyFile(t);
    expect(r.status).toBe('written');
    const p = parseFile(t.target);
    expect(topText(p, TAG.StudyDate)).toBe('20231206');
    expect(topText(p, TAG.SeriesDate)).toBe('20231207');
    expect(topText(p, TAG.AcquisitionDate)).toBe('20231205');
    expect(topText(p, TAG.AcquisitionDateTime)).toBe('20231205101500.25+0100');
    expect(topText(p, TAG.StudyTime)).toBe('101500');
    expect(texts(p, TAG.InstanceCreationDate)).toEqual(['20231201']);
    expect(topText(p, TAG.LongitudinalTemporalInformationModified)).toBe('MODIFIED');
    expect(texts(p, TAG.CodeValue)).toContain('113107');
    const latin = readFileSync(t.target).toString('latin1');
    for (const real of ['20240315', '20240316', '20240314', '20240310', '19700102']) expect(latin).not.toContain(real);
    expect(r.valueChanges?.map((c) => c.keyword)).toEqual(expect.arrayContaining(['StudyDate', 'AcquisitionDateTime', 'InstanceCreationDate']));
  });

  it('with dates removed, no input date is left in any byte and 0028,0303 says REMOVED', () => {
    const path = headerFile('nodates.dcm', [el('CalibrationDate', '20231111')]);
    const t = task(path, ['113100']);
    expect(deidentifyFile(t).status).toBe('written');
    const latin = readFileSync(t.target).toString('latin1');
    for (const real of ['20240315', '20240316', '20240314', '20240310', '19700102', '20231111', '2024-03-14']) expect(latin).not.toContain(real);
    expect(topText(parseFile(t.target), TAG.LongitudinalTemporalInformationModified)).toBe('REMOVED');
  });

  it('removes free text outside Table E.1-1 that names the patient, a date or a serial the profile removed', () => {
    const path = headerFile('freetext.dcm');
    const t = task(path, ['113100', '113106', '113108']);
    const r = deidentifyFile(t);
    const p = parseFile(t.target);
    const all = tags(p);
    expect(all.has(TAG.DetectorDescription)).toBe(false);
    expect(all.has(TAG.ContentDescription)).toBe(false);
    // The Code Meaning repeats the removed Study Description (and names the patient).
    expect(texts(p, TAG.CodeMeaning)).not.toContain('Ct head for Doe 2024.03.15');
    expect(texts(p, TAG.CodeMeaning)).toContain('Head');
    expect(texts(p, TAG.CodeValue)).toEqual(expect.arrayContaining(['P-12345', 'T-D1100']));
    expect(topText(p, TAG.Manufacturer)).toBe('ACME');
    expect(readFileSync(t.target).toString('latin1')).not.toContain('L03-02246');
    const changed = new Map(r.valueChanges?.map((c) => [c.keyword, c]));
    expect(changed.get('DetectorDescription')).toMatchObject({ tag: '(0018,7006)', rule: 'free text removed' });
    expect(JSON.stringify(r.valueChanges)).not.toMatch(/L03|Doe|2024/);
  });

  it('113105 keeps descriptors with the identifying words replaced', () => {
    const path = headerFile('describe.dcm', [el('SeriesDescription', 'AX T1 post contrast')]);
    const t = task(path, ['113100', '113105', '113106']);
    expect(deidentifyFile(t).status).toBe('written');
    const p = parseFile(t.target);
    expect(topText(p, TAG.StudyDescription)).toBe('CT HEAD for * *');
    expect(topText(p, TAG.SeriesDescription)).toBe('AX T1 post contrast');
    expect(texts(p, TAG.CodeValue)).toContain('113105');
  });

  it('without 113105 descriptors get the Basic Profile action', () => {
    const path = headerFile('nodescribe.dcm', [el('SeriesDescription', 'AX T1 post contrast')]);
    const t = task(path, ['113100', '113106']);
    deidentifyFile(t);
    const all = tags(parseFile(t.target));
    expect(all.has(TAG.StudyDescription)).toBe(false);
    expect(all.has(TAG.SeriesDescription)).toBe(false);
  });
});
