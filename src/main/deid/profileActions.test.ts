import { describe, expect, it } from 'vitest';
import type { DeidOptionCode } from '../../shared/deidOptions';
import { createActionResolver, UNKNOWN_TAG_RULE } from './profileActions';
import { TAG } from '../dicom/dictionary';
import type { ElementAction } from './profileActions';
import { PROFILE_ROWS } from './profile.generated';

const tag = (group: number, element: number): number => ((group << 16) | element) >>> 0;
const BASIC: DeidOptionCode[] = ['113100'];
const DEFAULTS: DeidOptionCode[] = ['113100', '113106', '113108'];

function actionOf(options: DeidOptionCode[], group: number, element: number): ElementAction | undefined {
  return createActionResolver(options)(tag(group, element))?.action;
}

describe('createActionResolver: Table E.1-1 rows', () => {
  const basic = createActionResolver(BASIC);

  it('applies single codes', () => {
    expect(basic(tag(0x0010, 0x0010))).toMatchObject({ action: 'empty', rule: 'E.1-1 Z' }); // PatientName
    expect(basic(tag(0x0010, 0x0030))?.action).toBe('empty'); // PatientBirthDate
    expect(basic(tag(0x0008, 0x0050))?.action).toBe('empty'); // AccessionNumber
    expect(basic(tag(0x0040, 0xa730))).toMatchObject({ action: 'dummy', rule: 'E.1-1 D' }); // ContentSequence
    expect(basic(tag(0x0020, 0x000d))).toMatchObject({ action: 'remapUid', rule: 'E.1-1 U' }); // StudyInstanceUID
    expect(basic(tag(0x0010, 0x1010))).toMatchObject({ action: 'remove', rule: 'E.1-1 X' }); // PatientAge
  });

  it('resolves compound codes', () => {
    expect(basic(tag(0x0010, 0x0020))).toMatchObject({ action: 'dummy', rule: 'E.1-1 Z/D→D' }); // PatientID
    expect(basic(tag(0x0008, 0x0022))).toMatchObject({ action: 'empty', rule: 'E.1-1 X/Z→Z' }); // AcquisitionDate
    expect(basic(tag(0x0008, 0x0012))).toMatchObject({ action: 'dummy', rule: 'E.1-1 X/D→D' }); // InstanceCreationDate
    expect(basic(tag(0x0008, 0x0080))).toMatchObject({ action: 'dummy', rule: 'E.1-1 X/Z/D→D' }); // InstitutionName
    expect(basic(tag(0x0008, 0x1140))).toMatchObject({ action: 'keepRemapInside', rule: 'E.1-1 X/Z/U*→U*' }); // ReferencedImageSequence
  });

  it('gives every table row an action, and the same action the row code implies', () => {
    const expected: Record<string, ElementAction> = {
      D: 'dummy',
      Z: 'empty',
      X: 'remove',
      U: 'remapUid',
      'Z/D': 'dummy',
      'X/Z': 'empty',
      'X/D': 'dummy',
      'X/Z/D': 'dummy',
      'X/Z/U*': 'keepRemapInside',
    };
    for (const row of PROFILE_ROWS) {
      if (row.tag.includes('X') || row.tag.startsWith('0002')) continue;
      expect(basic(Number.parseInt(row.tag, 16))?.action, row.name).toBe(expected[row.basic]);
    }
  });

  it('leaves standard attributes outside the table and the file meta group to the caller', () => {
    expect(basic(tag(0x0028, 0x0010))).toBeUndefined(); // Rows
    expect(basic(tag(0x7fe0, 0x0010))).toBeUndefined(); // PixelData
    expect(basic(tag(0x0008, 0x0016))).toBeUndefined(); // SOPClassUID
    expect(basic(tag(0x0002, 0x0003))).toBeUndefined(); // MediaStorageSOPInstanceUID: the writer rebuilds meta
    expect(basic(tag(0x0002, 0x0010))).toBeUndefined();
  });
});

describe('createActionResolver: options', () => {
  it('keeps what an active option marks K', () => {
    expect(createActionResolver(['113100', '113112'])(tag(0x0008, 0x0080))).toEqual({
      action: 'keep',
      rule: 'option 113112 K',
    });
    expect(actionOf(['113100', '113106'], 0x0008, 0x0022)).toBe('keep'); // AcquisitionDate
    expect(actionOf(DEFAULTS, 0x0010, 0x1010)).toBe('keep'); // PatientAge with 113108
    expect(actionOf(['113100', '113110'], 0x0020, 0x000d)).toBe('keep'); // StudyInstanceUID
    expect(actionOf(['113100', '113110'], 0x0008, 0x1140)).toBe('keep'); // ReferencedImageSequence
    expect(actionOf(['113100', '113109'], 0x0018, 0x1000)).toBe('keep'); // DeviceSerialNumber
  });

  it('ignores options whose column has no entry for the row', () => {
    expect(actionOf(DEFAULTS, 0x0010, 0x0010)).toBe('empty'); // PatientName
    expect(actionOf(['113100', '113112'], 0x0008, 0x0022)).toBe('empty');
    expect(actionOf(['113100', '113106'], 0x0010, 0x1010)).toBe('remove');
  });

  it('marks C entries with a cleaner for cleaning, with the basic action as the fallback, and records why', () => {
    const r = createActionResolver(['113100', '113105'])(tag(0x0008, 0x1030)); // StudyDescription
    expect(r).toMatchObject({ action: 'keep', clean: 'text', rule: 'option 113105 C: PHI matcher', fallback: { action: 'remove', rule: 'E.1-1 X' } });
    // 113107 modified dates: dates are shifted, times kept.
    expect(createActionResolver(['113100', '113107'])(tag(0x0008, 0x0022))).toMatchObject({ action: 'keep', clean: 'date', fallback: { action: 'empty' } });
    expect(createActionResolver(['113100', '113107'])(tag(0x0008, 0x0032))).toEqual({ action: 'keep', rule: 'option 113107 C: time kept, dates shifted by whole days' });
    // A C without a cleaner (Clean Structured Content) falls back to the basic action.
    const sr = createActionResolver(['113100', '113104'])(tag(0x0040, 0xa730)); // ContentSequence
    expect(sr?.rule).toMatch(/option 113104 C: no cleaner, basic action$/);
  });

  it('lets a K win over a C from another option on the same row', () => {
    // Only 113106 (K) and 113107 (C) overlap on a row; resolveOptionArgs refuses the pair, the resolver
    // still has to be deterministic when handed both.
    const acquisitionDate = tag(0x0008, 0x0022);
    expect(createActionResolver(['113107', '113106', '113100'])(acquisitionDate)?.rule).toBe('option 113106 K');
    expect(createActionResolver(['113100', '113107'])(acquisitionDate)?.rule).toBe('option 113107 C: date shifted');
  });

  it('records the Retain Safe Private option on private attributes it cannot keep yet', () => {
    expect(createActionResolver(['113100', '113111'])(tag(0x0009, 0x1001))).toEqual({
      action: 'remove',
      rule: 'private; option 113111 C: no cleaner, basic action',
    });
  });
});

describe('createActionResolver: rules beyond the table', () => {
  const resolve = createActionResolver(DEFAULTS);

  it('removes private attributes and private creators', () => {
    expect(resolve(tag(0x0009, 0x0010))).toEqual({ action: 'remove', rule: 'private' });
    expect(resolve(tag(0x0029, 0x1010))).toEqual({ action: 'remove', rule: 'private' });
    expect(resolve(tag(0x7fe1, 0x0001))?.action).toBe('remove');
  });

  it('removes the sequences that hold or vouch for original values, whatever the options', () => {
    for (const options of [DEFAULTS, ['113100', '113110', '113109', '113112', '113111'] as DeidOptionCode[]]) {
      const r = createActionResolver(options);
      for (const t of [TAG.EncryptedAttributesSequence, TAG.OriginalAttributesSequence, TAG.MACParametersSequence, TAG.DigitalSignaturesSequence]) {
        expect(r(t)?.action).toBe('remove');
      }
    }
  });

  it('removes group lengths in every group', () => {
    for (const group of [0x0002, 0x0008, 0x0010, 0x0028, 0x6000, 0x0009]) {
      expect(resolve(tag(group, 0x0000))).toEqual({ action: 'remove', rule: 'group length' });
    }
  });

  it('removes overlay and curve groups whole, matching wildcard rows in every repeating group', () => {
    expect(resolve(tag(0x6000, 0x3000))).toEqual({ action: 'remove', rule: 'E.1-1 X' }); // OverlayData
    expect(resolve(tag(0x6002, 0x3000))).toEqual({ action: 'remove', rule: 'E.1-1 X' });
    expect(resolve(tag(0x601e, 0x4000))).toEqual({ action: 'remove', rule: 'E.1-1 X' }); // OverlayComments
    expect(resolve(tag(0x5000, 0x3000))).toEqual({ action: 'remove', rule: 'E.1-1 X' }); // CurveData
    expect(resolve(tag(0x6000, 0x0010))).toEqual({ action: 'remove', rule: 'curve/overlay group' }); // OverlayRows
    expect(resolve(tag(0x601e, 0x0050))).toEqual({ action: 'remove', rule: 'curve/overlay group' });
    // Outside the repeating range only the wildcard rows match.
    expect(resolve(tag(0x6020, 0x3000))?.action).toBe('remove');
    expect(resolve(tag(0x6020, 0x0010))).toBeUndefined();
    // ...and what the dictionary does not know is removed as unknown (fail closed).
    expect(resolve(tag(0x6100, 0x3000))).toEqual({ action: 'remove', rule: UNKNOWN_TAG_RULE });
  });

  it('removes tags the dictionary does not know, in group 0010 too', () => {
    expect(resolve(tag(0x0010, 0x9999))).toEqual({ action: 'remove', rule: UNKNOWN_TAG_RULE });
    expect(resolve(tag(0x0042, 0x1234))).toEqual({ action: 'remove', rule: UNKNOWN_TAG_RULE });
  });

  it('keeps other standard groups alone', () => {
    expect(resolve(tag(0x0028, 0x0010))).toBeUndefined();
    expect(resolve(tag(0xfffe, 0xe000))).toBeUndefined();
  });
});
