import { describe, expect, it } from 'vitest';
import { DEID_OPTION_CODES } from '../../shared/deidOptions';
import type { DeidOptionCode } from '../../shared/deidOptions';
import { IMPLEMENTED_OPTIONS } from '../../shared/deidOptions';
import { optionColumn, resolveOptionArgs } from './deidOptions';
import { PROFILE_ROWS } from './profile.generated';

describe('resolveOptionArgs', () => {
  it('defaults to the Basic Profile with full dates and patient characteristics', () => {
    expect(resolveOptionArgs([])).toEqual({ ok: true, value: ['113100', '113106', '113108'] });
  });

  it('adds and removes codes, sorted and unique', () => {
    expect(resolveOptionArgs(['113112', '113109', '113112', '-113108'])).toEqual({
      ok: true,
      value: ['113100', '113106', '113109', '113112'],
    });
    expect(resolveOptionArgs(['-113106', '-113108', '-113110'])).toEqual({ ok: true, value: ['113100'] });
    expect(resolveOptionArgs(['113110', '113100'])).toEqual({ ok: true, value: ['113100', '113106', '113108', '113110'] });
  });

  it('applies arguments in order', () => {
    expect(resolveOptionArgs(['-113109', '113109'])).toMatchObject({ ok: true, value: expect.arrayContaining(['113109']) });
    expect(resolveOptionArgs(['113109', '-113109'])).toMatchObject({ ok: true, value: ['113100', '113106', '113108'] });
  });

  it('rejects codes outside CID 7050', () => {
    for (const arg of ['999999', 'retain-dates', '', '-', '-42']) {
      const r = resolveOptionArgs([arg]);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('OPTION_UNKNOWN');
    }
  });

  it('refuses to remove the Basic Profile', () => {
    const r = resolveOptionArgs(['-113100']);
    expect(r).toMatchObject({ ok: false, error: { code: 'OPTION_REQUIRED' } });
  });

  it('names the code and meaning of an option that is not implemented', () => {
    const r = resolveOptionArgs(['113102']);
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'OPTION_NOT_IMPLEMENTED',
        message: 'option 113102 (Clean Recognizable Visual Features Option) is not implemented yet',
      },
    });
    expect(resolveOptionArgs(['113104'])).toMatchObject({ ok: false, error: { code: 'OPTION_NOT_IMPLEMENTED' } });
    // Removing an option we cannot apply is harmless.
    expect(resolveOptionArgs(['-113102'])).toMatchObject({ ok: true });
    expect(resolveOptionArgs(['-113106', '113107'])).toEqual({ ok: true, value: ['113100', '113107', '113108'] });
  });

  it('rejects full dates together with modified dates', () => {
    const implemented = new Set<DeidOptionCode>([...IMPLEMENTED_OPTIONS, '113107']);
    expect(resolveOptionArgs(['113107'], implemented)).toMatchObject({ ok: false, error: { code: 'OPTION_CONFLICT' } });
    expect(resolveOptionArgs(['-113106', '113107'], implemented)).toEqual({
      ok: true,
      value: ['113100', '113107', '113108'],
    });
  });
});

describe('optionColumn', () => {
  it('maps every option with a Table E.1-1 column to a column the table uses', () => {
    const used = new Set(PROFILE_ROWS.flatMap((r) => Object.keys(r.options)));
    used.add('rtnSafePrivOpt'); // only on the private-attributes pseudo row, which the generator skips
    const mapped = Object.keys(DEID_OPTION_CODES).flatMap((c) => optionColumn(c as DeidOptionCode) ?? []);
    expect(new Set(mapped)).toEqual(used);
    expect(mapped).toHaveLength(10);
    expect(optionColumn('113106')).toBe('rtnLongFullDatesOpt');
    expect(optionColumn('113110')).toBe('rtnUIDsOpt');
    expect(optionColumn('113100')).toBeUndefined();
    expect(optionColumn('113101')).toBeUndefined();
  });
});
