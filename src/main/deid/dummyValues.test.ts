import { describe, expect, it } from 'vitest';
import { dummyValue } from './dummyValues';

describe('dummyValue', () => {
  it('gives text VRs a fixed dummy', () => {
    expect(dummyValue('PN')).toBe('ANONYMOUS');
    for (const vr of ['LO', 'SH', 'ST', 'LT', 'UT', 'UC', 'CS', 'AE']) expect(dummyValue(vr), vr).toBe('ANON');
    expect(dummyValue('UR')).toBe('');
  });

  it('gives dates and times valid values of their VR', () => {
    expect(dummyValue('DA')).toBe('19000101');
    expect(dummyValue('TM')).toBe('000000');
    expect(dummyValue('DT')).toBe('19000101000000');
    expect(dummyValue('AS')).toBe('000D');
    expect(dummyValue('DA')).toMatch(/^\d{8}$/);
    expect(dummyValue('AS')).toMatch(/^\d{3}[DWMY]$/);
  });

  it('gives numbers zero', () => {
    for (const vr of ['IS', 'DS', 'US', 'SS', 'UL', 'SL', 'FL', 'FD', 'SV', 'UV']) {
      expect(dummyValue(vr), vr).toBe('0');
      expect(Number(dummyValue(vr))).toBe(0);
    }
  });

  it('writes empty for sequences, binary and UID VRs and unknown VRs', () => {
    for (const vr of ['SQ', 'OB', 'OW', 'OD', 'OF', 'OL', 'OV', 'UN', 'AT', 'UI', 'XX', '']) {
      expect(dummyValue(vr), vr).toBeNull();
    }
  });

  it('fits the VR length limits', () => {
    const max: Record<string, number> = { AE: 16, CS: 16, SH: 16, LO: 64, PN: 64, DA: 8, TM: 14, DT: 26, AS: 4, IS: 12, DS: 16 };
    for (const [vr, limit] of Object.entries(max)) expect(dummyValue(vr)?.length ?? 0, vr).toBeLessThanOrEqual(limit);
  });
});
