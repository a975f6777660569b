import { describe, expect, it } from 'vitest';
import { encodeDicom } from '../../../test/fixtures/dicomEncoder';
import { el, sq } from '../../../test/fixtures/elements';
import { BufferSource } from './byteSource';
import { collectIdentifyingValues, mergeIdentifyingValues } from './identifyingValues';
import { parseDicom } from './parseDicom';

describe('collectIdentifyingValues', () => {
  it('collects every person name, the IDs, dates, institutions and addresses, at every depth, decoded', () => {
    const bytes = encodeDicom([
      el('SpecificCharacterSet', 'ISO_IR 100'),
      el('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7'),
      el('SOPInstanceUID', '1.2.3.4'),
      el('PatientName', 'Müller^Jürgen'),
      el('PatientID', 'MRN-A-7781'),
      el('PatientBirthDate', '19620314'),
      el('AccessionNumber', 'ACC-99'),
      el('StudyID', 'Thyroid'),
      el('ReferringPhysicianName', 'House^Gregory'),
      el('InstitutionName', 'St Mary Clinic'),
      el('InstitutionAddress', 'Lindenstraße 12, München'),
      sq('RequestAttributesSequence', [[el('RequestedProcedureID', 'RP-5'), sq('PersonIdentificationCodeSequence', [[el('CodeValue', 'X')]])]]),
      sq('OtherPatientIDsSequence', [[el('PatientID', 'KV-448812907')]]),
      el('OperatorsName', ['Tech^One', 'Tech^Two']),
    ]);
    const v = collectIdentifyingValues(parseDicom(new BufferSource(bytes)));
    expect(v.personNames).toEqual(expect.arrayContaining(['Müller^Jürgen', 'House^Gregory', 'Tech^One\\Tech^Two']));
    expect(v.ids).toEqual(expect.arrayContaining(['MRN-A-7781', 'ACC-99', 'RP-5', 'KV-448812907']));
    expect(v.ids).not.toContain('Thyroid');
    expect(v.dates).toEqual([{ value: '19620314', label: 'birth' }]);
    expect(v.institutions).toEqual(['St Mary Clinic']);
    expect(v.addresses).toEqual(['Lindenstraße 12, München']);
    const merged = mergeIdentifyingValues([v, { personNames: ['Other^Name'], ids: ['MRN-A-7781'], dates: [], institutions: [], addresses: [] }]);
    expect(merged.personNames).toContain('Other^Name');
    expect(merged.ids.filter((i) => i === 'MRN-A-7781')).toHaveLength(1);
  });
});
