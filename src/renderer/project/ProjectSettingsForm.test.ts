import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, optionChoices, settingsProblem, subjectIdPattern } from './ProjectSettingsForm';

describe('project settings', () => {
  it('accepts what the database accepts and explains what it refuses', () => {
    expect(settingsProblem(DEFAULT_SETTINGS)).toBeNull();
    expect(settingsProblem({ ...DEFAULT_SETTINGS, prefix: 'SUBJ-' })).toMatch(/prefix/);
    expect(settingsProblem({ ...DEFAULT_SETTINGS, prefix: '=cmd' })).toMatch(/prefix/);
    expect(settingsProblem({ ...DEFAULT_SETTINGS, width: 13 })).toMatch(/width/);
    expect(settingsProblem({ ...DEFAULT_SETTINGS, width: 2.5 })).toMatch(/width/);
    expect(settingsProblem({ ...DEFAULT_SETTINGS, dateShift: { min: -30, max: 30 } })).toMatch(/0 days/);
    expect(settingsProblem({ ...DEFAULT_SETTINGS, dateShift: { min: -1, max: -30 } })).toMatch(/date shift/);
    expect(settingsProblem({ ...DEFAULT_SETTINGS, dateShift: { min: 10, max: 400 } })).toBeNull();
  });

  it('offers only the options the build implements, never the basic profile itself', () => {
    expect(optionChoices(['113100', '113106', '113108', '113110'])).toEqual(['113106', '113108', '113110']);
    expect(optionChoices(['113100', '113105', '113106', '113107'])).toEqual(['113105', '113106', '113107']);
    expect(optionChoices([])).toEqual([]);
  });

  it('shows the shape of the ids', () => {
    expect(subjectIdPattern({ ...DEFAULT_SETTINGS, prefix: 'LUNG', width: 3 })).toBe('LUNG-###');
  });
});
