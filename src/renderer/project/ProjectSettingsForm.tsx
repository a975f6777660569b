/**
 * Prefix, width and CID 7050 options of a project, with a live example of the subject ids they
 * give. Used to create a project and to change the current one (new ids only).
 */
import type { ReactElement } from 'react';
import { DEFAULT_OPTIONS, DEID_OPTION_CODES } from '../../shared/deidOptions';
import type { DeidOptionCode } from '../../shared/deidOptions';

/** What the form edits. */
export interface ProjectSettingsValue {
  prefix: string;
  width: number;
  options: DeidOptionCode[];
  /** Days each subject's dates move under 113107 (drawn once per subject). */
  dateShift: { min: number; max: number };
}

/** Settings a new project starts from (the CLI's defaults). */
export const DEFAULT_SETTINGS: ProjectSettingsValue = { prefix: 'SUBJ', width: 5, options: [...DEFAULT_OPTIONS], dateShift: { min: -365, max: -1 } };

/** Full dates (113106) and modified dates (113107) are alternatives: choosing one drops the other. */
const EXCLUSIVE: Partial<Record<DeidOptionCode, DeidOptionCode>> = { '113106': '113107', '113107': '113106' };

/** Why the settings cannot be saved, or null. Mirrors the database's checks. */
export function settingsProblem(v: ProjectSettingsValue): string | null {
  if (!/^[A-Za-z0-9_]{1,16}$/.test(v.prefix)) return 'The prefix is 1 to 16 letters, digits or _.';
  if (!Number.isInteger(v.width) || v.width < 1 || v.width > 12) return 'The width is a whole number from 1 to 12.';
  const { min, max } = v.dateShift;
  if (!Number.isInteger(min) || !Number.isInteger(max) || Math.abs(min) > 36500 || Math.abs(max) > 36500 || min > max) {
    return 'The date shift is whole days, from at most to at least, within 100 years.';
  }
  if (min <= 0 && max >= 0) return 'The date shift must not include 0 days: a zero shift writes the real date.';
  return null;
}

/** The shape of the subject ids the settings give (digits are random), e.g. `SUBJ-#####`. */
export function subjectIdPattern(v: ProjectSettingsValue): string {
  const width = Number.isInteger(v.width) && v.width > 0 ? Math.min(v.width, 12) : 1;
  return `${v.prefix || '?'}-${'#'.repeat(width)}`;
}

/**
 * The options a project can choose: those the build implements (appInfo says which), except 113100
 * (the basic profile), which is always applied.
 */
export function optionChoices(implemented: readonly DeidOptionCode[]): DeidOptionCode[] {
  return (Object.keys(DEID_OPTION_CODES) as DeidOptionCode[]).filter((c) => c !== '113100' && implemented.includes(c));
}

/** The settings fields; controlled by `value`/`onChange`; `implemented` from appInfo. */
export function ProjectSettingsForm(props: { value: ProjectSettingsValue; implemented: readonly DeidOptionCode[]; onChange: (v: ProjectSettingsValue) => void }): ReactElement {
  const { value, onChange } = props;
  const choices = optionChoices(props.implemented);
  const toggle = (code: DeidOptionCode, on: boolean): void => {
    const other = EXCLUSIVE[code];
    const options = on ? [...value.options.filter((c) => c !== other), code] : value.options.filter((c) => c !== code);
    onChange({ ...value, options: choices.filter((c) => options.includes(c)) });
  };
  return (
    <div className="settings-form">
      <div className="field-row">
        <label>
          Subject id prefix
          <input value={value.prefix} maxLength={16} onChange={(e) => onChange({ ...value, prefix: e.target.value })} data-testid="project-prefix" />
        </label>
        <label>
          Digits
          <input
            type="number"
            min={1}
            max={12}
            value={value.width}
            onChange={(e) => onChange({ ...value, width: Number(e.target.value) })}
            data-testid="project-width"
          />
        </label>
        <div className="field-example">
          Ids look like <code>{subjectIdPattern(value)}</code> (random digits)
        </div>
      </div>
      <fieldset className="options">
        <legend>De-identification options (DICOM PS3.15 Annex E)</legend>
        {choices.map((code) => (
          <label key={code} className="option">
            <input type="checkbox" checked={value.options.includes(code)} onChange={(e) => toggle(code, e.target.checked)} />
            <span>{DEID_OPTION_CODES[code]}</span> <span className="muted">{code}</span>
          </label>
        ))}
      </fieldset>
      {value.options.includes('113107') && (
        <div className="field-row">
          <label>
            Shift dates by at least (days)
            <input type="number" value={value.dateShift.min} onChange={(e) => onChange({ ...value, dateShift: { ...value.dateShift, min: Number(e.target.value) } })} data-testid="project-shift-min" />
          </label>
          <label>
            at most (days)
            <input type="number" value={value.dateShift.max} onChange={(e) => onChange({ ...value, dateShift: { ...value.dateShift, max: Number(e.target.value) } })} data-testid="project-shift-max" />
          </label>
          <div className="field-example">Each subject gets one random offset in this range, kept for every later run.</div>
        </div>
      )}
    </div>
  );
}
