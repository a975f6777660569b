import { describe, expect, it } from 'vitest';
import { shiftDate, shiftDateValues } from './dateShift';

describe('date shifting', () => {
  it('moves dates by whole days across months, years and leap days', () => {
    expect(shiftDate('20240301', -1)).toBe('20240229');
    expect(shiftDate('20230301', -1)).toBe('20230228');
    expect(shiftDate('20240101', -365)).toBe('20230101');
    expect(shiftDate('2024.03.15', 10)).toBe('20240325');
  });

  it('refuses what is not a real date, so the caller removes it', () => {
    expect(shiftDate('20240230', -1)).toBeNull();
    expect(shiftDate('2024', -1)).toBeNull();
    expect(shiftDateValues('20240101\\2024', 'DA', -1)).toBeNull();
  });

  it('shifts the date part of a DT and keeps its time, fraction and UTC offset', () => {
    expect(shiftDateValues('20240314101500.25+0100', 'DT', -100)).toBe('20231205101500.25+0100');
    expect(shiftDateValues('20240314\\20240315', 'DA', 1)).toBe('20240315\\20240316');
    expect(shiftDateValues('202403', 'DT', 1)).toBeNull();
  });
});
