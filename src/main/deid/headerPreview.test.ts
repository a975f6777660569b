import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeDicom } from '../../../test/fixtures/dicomEncoder';
import { el, privateCreator, privateEl, sq } from '../../../test/fixtures/elements';
import { uid } from '../../../test/fixtures/fileSpec';
import { SOP_CLASS } from '../../../test/fixtures/tags';
import { keywordOf, tagText } from '../dicom/dictionary';
import { previewHeader } from './headerPreview';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'deid-preview-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('previewHeader', () => {
  it('lists changes at every depth, removed private attributes and the new identity; leaves no file behind', async () => {
    const path = join(dir, 'in.dcm');
    const referenced = uid(5, 1, 1, 2);
    writeFileSync(path, encodeDicom([
      el('SOPClassUID', SOP_CLASS.secondaryCapture),
      el('SOPInstanceUID', uid(5, 1, 1, 1)),
      el('StudyDate', '20230301'),
      el('Modality', 'OT'),
      el('ReferringPhysicianName', 'Who^Doctor'),
      sq('ReferencedImageSequence', [[el('ReferencedSOPClassUID', SOP_CLASS.secondaryCapture), el('ReferencedSOPInstanceUID', referenced)]]),
      el('PatientName', 'Müller^Jürgen'),
      el('PatientID', 'MRN-77'),
      el('StudyInstanceUID', uid(5, 1)),
      el('SeriesInstanceUID', uid(5, 1, 1)),
      el('SpecificCharacterSet', 'ISO_IR 100'),
      privateCreator(0x0009, 0x10, 'ACME 1.0'),
      privateEl(0x0009, 0x10, 0x01, 'LO', 'secret private note'),
    ]));
    const tmpBefore = readdirSync(tmpdir()).filter((f) => f.startsWith('deid-studio-preview-')).length;
    const r = await previewHeader({ path, subjectId: 'SUBJ-00042', ctDate: '20230301', options: ['113106', '113108'], secret: Buffer.alloc(32, 7), pixelCleaning: false });
    expect(r.status).toBe('written');
    const byPath = new Map(r.changes.map((c) => [c.tagPath, c]));
    expect(byPath.get('(0010,0010)')).toMatchObject({ keyword: 'PatientName', change: 'replaced', before: 'Müller^Jürgen', after: 'SUBJ-00042_20230301' });
    expect(byPath.get('(0010,0020)')).toMatchObject({ before: 'MRN-77', after: 'SUBJ-00042' });
    const nested = byPath.get('(0008,1140)[0].(0008,1155)');
    expect(nested).toMatchObject({ keyword: 'ReferencedSOPInstanceUID', change: 'replaced', before: referenced });
    expect(nested?.after).toMatch(/^2\.25\.\d+$/);
    expect(byPath.get('(0009,1001)')).toMatchObject({ keyword: 'Private', change: 'removed', before: 'secret private note', after: null });
    expect(byPath.get('(0012,0062)')).toMatchObject({ keyword: 'PatientIdentityRemoved', change: 'added', after: 'YES' });
    // Full dates are kept (option 113106): StudyDate is not a change.
    expect([...byPath.values()].some((c) => c.keyword === 'StudyDate')).toBe(false);
    // The meta header's instance UID follows the remapped SOPInstanceUID.
    expect(byPath.get('(0002,0003)')?.after).toBe(byPath.get('(0008,0018)')?.after);
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith('deid-studio-preview-')).length).toBe(tmpBefore);
  });

  it('shows the header the run writes under 113107 and with dates removed: honest name, shifted dates', async () => {
    const path = join(dir, 'dated.dcm');
    writeFileSync(path, encodeDicom([
      el('SOPClassUID', SOP_CLASS.secondaryCapture),
      el('SOPInstanceUID', uid(5, 2, 1, 1)),
      el('StudyDate', '20230301'),
      el('Modality', 'OT'),
      el('PatientName', 'Doe^Jane'),
      el('PatientID', 'MRN-78'),
      el('StudyInstanceUID', uid(5, 2)),
      el('SeriesInstanceUID', uid(5, 2, 1)),
    ]));
    const base = { path, subjectId: 'SUBJ-00043', ctDate: '20230301', secret: Buffer.alloc(32, 7), pixelCleaning: false };
    const shifted = await previewHeader({ ...base, options: ['113100', '113107'], dateOffsetDays: -10 });
    const byPath = new Map(shifted.changes.map((c) => [c.tagPath, c]));
    expect(shifted.patientName).toBe('SUBJ-00043_20230219');
    expect(byPath.get('(0008,0020)')).toMatchObject({ before: '20230301', after: '20230219' });
    expect(byPath.get('(0028,0303)')).toMatchObject({ change: 'added', after: 'MODIFIED' });
    const removed = await previewHeader({ ...base, options: ['113100'] });
    expect(removed.patientName).toBe('SUBJ-00043');
  });

  it('names tags and keywords', () => {
    expect(tagText(0x00100010)).toBe('(0010,0010)');
    expect(keywordOf(0x00100010)).toBe('PatientName');
    expect(keywordOf(0x00091001)).toBe('Private');
  });
});
