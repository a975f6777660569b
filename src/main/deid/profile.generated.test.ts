import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROFILE_ROWS, PROFILE_SOURCE } from './profile.generated';

const script = fileURLToPath(new URL('../../../scripts/gen-profile.mjs', import.meta.url));
const generated = fileURLToPath(new URL('./profile.generated.ts', import.meta.url));
const sharedJson = fileURLToPath(
  new URL('../../../../shared/dicom-standard/confidentiality_profile_attributes.json', import.meta.url),
);

describe('profile.generated', () => {
  it('holds the Table E.1-1 action counts of the README, less the private-attributes row (X)', () => {
    const counts: Record<string, number> = {};
    for (const row of PROFILE_ROWS) counts[row.basic] = (counts[row.basic] ?? 0) + 1;
    expect(counts).toEqual({
      X: 384 - 1,
      D: 92,
      U: 54,
      Z: 42,
      'X/D': 22,
      'X/Z': 11,
      'X/Z/D': 8,
      'Z/D': 6,
      'X/Z/U*': 2,
    });
    expect(PROFILE_ROWS).toHaveLength(620);
  });

  it('has unique, sorted, well-formed tags and names the edition', () => {
    const tags = PROFILE_ROWS.map((r) => r.tag);
    expect(new Set(tags).size).toBe(tags.length);
    expect([...tags].sort()).toEqual(tags);
    for (const tag of tags) expect(tag).toMatch(/^[0-9A-FX]{8}$/);
    expect(tags.filter((t) => t.includes('X'))).toEqual(['50XXXXXX', '60XX3000', '60XX4000']);
    expect(PROFILE_SOURCE).toContain('2024');
  });

  it('keeps the option columns of known rows', () => {
    const byTag = new Map(PROFILE_ROWS.map((r) => [r.tag, r]));
    expect(byTag.get('00080022')).toMatchObject({
      name: 'Acquisition Date',
      basic: 'X/Z',
      options: { rtnLongFullDatesOpt: 'K', rtnLongModifDatesOpt: 'C' },
      inStandardIod: true,
    });
    expect(byTag.get('00100010')).toMatchObject({ name: "Patient's Name", basic: 'Z', options: {} });
  });

  it.skipIf(!existsSync(sharedJson))('regenerates byte-identical from the shared extraction', () => {
    const fresh = execFileSync(process.execPath, [script, sharedJson, '--stdout'], { encoding: 'utf8' });
    expect(fresh).toBe(readFileSync(generated, 'utf8'));
  });
});
