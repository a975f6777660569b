import { describe, expect, it } from 'vitest';
import { DEFAULT_ALLOWLIST } from './defaultAllowlist';
import { matchHeaderText } from './headerText';
import { buildIdentifierSet } from './phiMatch';

const patient = buildIdentifierSet({ personNames: ['Doe^Jane'], ids: ['MRN-778899'], dates: [{ value: '19700102', label: 'birth' }] });

describe('matchHeaderText', () => {
  it('flags the patient, dates and long IDs, and replaces only those words', () => {
    const m = matchHeaderText('CT HEAD for Jane Doe 2024-03-15', [patient], DEFAULT_ALLOWLIST);
    expect(m.matched).toBe(true);
    expect(m.cleaned).toBe('CT HEAD for * * *');
    expect(m.reasons).toEqual(expect.arrayContaining(['name:JANE', 'pattern:date']));
    expect(matchHeaderText('ref MRN-778899', [patient], DEFAULT_ALLOWLIST).cleaned).toBe('ref *');
    expect(matchHeaderText('account 12345678', [patient], DEFAULT_ALLOWLIST).cleaned).toBe('account *');
    // A serial is no pattern on its own: the writer adds the IDs the profile removed (Detector ID).
    expect(matchHeaderText('SN=L03-02246;panel', [patient], DEFAULT_ALLOWLIST).matched).toBe(false);
    const removed = buildIdentifierSet({ ids: ['L03-02246'] });
    expect(matchHeaderText('SN=L03-02246;panel', [patient, removed], DEFAULT_ALLOWLIST).cleaned).toBe('SN=*;panel');
  });

  it('leaves device text, models, versions and times alone', () => {
    for (const text of ['Discovery MR750', 'syngo MR VB17A', 'AX T1 post contrast', 'Head', 'Scan at 10:30', 'W1500 L300', 'DR-ID 300CL APL Software V7.4.0017', 'LightSpeedApps14.13_2.8.2L_H2.1M4', 'V3.51*P25']) {
      expect(matchHeaderText(text, [patient], DEFAULT_ALLOWLIST).matched, text).toBe(false);
    }
    expect(matchHeaderText('build 30-JAN-2019', [patient], DEFAULT_ALLOWLIST).matched).toBe(true);
    // Device text: only the patient's own identifiers count.
    expect(matchHeaderText('104431', [patient], DEFAULT_ALLOWLIST, 'identifiers').matched).toBe(false);
    expect(matchHeaderText('Doe Imaging', [patient], DEFAULT_ALLOWLIST, 'identifiers').matched).toBe(true);
  });
});
