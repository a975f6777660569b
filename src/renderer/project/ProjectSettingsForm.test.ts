import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, settingsProblem, subjectIdPattern } from './ProjectSettingsForm';

describe('project settings', () => {
  it('accepts what the database accepts and explains what it refuses', () => {
    expect(settingsProblem(DEFAULT_SETTINGS)).toBeNull();
    expect(settingsProblem({ ...DEFAULT_SETTINGS, prefix: 'SUBJ-' })).toMatch(/prefix/);
    expect(settingsProblem({ ...DEFAULT_SETTINGS, prefix: '=cmd' })).toMatch(/prefix/);
    expect(settingsProblem({ ...DEFAULT_SETTINGS, width: 13 })).toMatch(/width/);
    expect(settingsProblem({ ...DEFAULT_SETTINGS, width: 2.5 })).toMatch(/width/);
  });

  it('shows the shape of the ids', () => {
    expect(subjectIdPattern({ ...DEFAULT_SETTINGS, prefix: 'LUNG', width: 3 })).toBe('LUNG-###');
  });
});
