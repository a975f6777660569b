import { DEFAULT_OPTIONS, type DeidOptionCode, isDeidOptionCode } from '../../shared/deidOptions';
import type { AppDatabase } from './database';
import { DatabaseError } from './databaseError';
import { mintProjectSecret } from './projectSecrets';

/**
 * A de-identification project: its subject id format and its options. Its keyed-hash secret is in
 * the key file beside the database (`projectSecret` in ./projectSecrets.ts), never in it.
 */
export interface Project {
  id: number;
  name: string;
  /** Subject id prefix: letters, digits and `_`. */
  prefix: string;
  /** Digits of the random subject number. */
  width: number;
  options: DeidOptionCode[];
  /**
   * True when IssuerOfPatientID is part of the subject key (the caller builds the key): the same MRN
   * from two hospitals is two subjects. New projects have it on; `issuerInKey: false` ignores the issuer.
   */
  issuerInKey: boolean;
  /** The range subjects' date offsets are drawn from for option 113107, in days (never containing 0). */
  dateShift: DateShiftRange;
  createdAt: string;
}

/** A date-shift range in days, `min <= max`, both on one side of 0. */
export interface DateShiftRange {
  min: number;
  max: number;
}

/** Settings a project can be created or updated with. */
export interface ProjectSettings {
  prefix?: string;
  width?: number;
  options?: readonly DeidOptionCode[];
  issuerInKey?: boolean;
  /** Applies to subjects whose offset is drawn from now on; drawn offsets never change. */
  dateShift?: DateShiftRange;
}

interface ProjectRecord {
  id: number;
  name: string;
  prefix: string;
  width: number;
  options: string;
  issuer_in_key: number;
  date_shift_min: number;
  date_shift_max: number;
  created_at: string;
}

const SELECT = 'SELECT id, name, prefix, width, options, issuer_in_key, date_shift_min, date_shift_max, created_at FROM projects';
/** The default range: up to a year back, never the real date. */
const DEFAULT_DATE_SHIFT: DateShiftRange = { min: -365, max: -1 };
const MAX_SHIFT_DAYS = 36500;
const PREFIX = /^[A-Za-z0-9_]{1,16}$/;

/**
 * The project called `name`, created with `defaults` on first use and a fresh random secret in the
 * key file (`KEY_MISSING` when other projects exist and the key file is gone).
 */
export function getOrCreateProject(db: AppDatabase, name: string, defaults: ProjectSettings = {}): Project {
  const trimmed = checkName(name);
  // Most calls find the project: only take the write lock when it must be created.
  const found = findProject(db, trimmed);
  if (found) return found;
  return db.write(() => {
    const existing = findProject(db, trimmed);
    if (existing) return existing;
    const settings = checkSettings({ prefix: 'SUBJ', width: 5, options: DEFAULT_OPTIONS, issuerInKey: true, dateShift: DEFAULT_DATE_SHIFT, ...definedOnly(defaults) });
    const { fingerprint } = mintProjectSecret(db, trimmed);
    db.statement(
      'INSERT INTO projects (name, prefix, width, key_fingerprint, options, issuer_in_key, date_shift_min, date_shift_max) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(
      trimmed,
      settings.prefix,
      settings.width,
      fingerprint,
      JSON.stringify(settings.options),
      settings.issuerInKey ? 1 : 0,
      settings.dateShift.min,
      settings.dateShift.max,
    );
    return findProject(db, trimmed) as Project;
  });
}

/** The project called `name`, or undefined. */
export function findProject(db: AppDatabase, name: string): Project | undefined {
  const record = db.statement(`${SELECT} WHERE name = ?`).get(name.trim()) as ProjectRecord | undefined;
  return record && toProject(record);
}

/** Every project, by name. */
export function listProjects(db: AppDatabase): Project[] {
  return (db.statement(`${SELECT} ORDER BY name`).all() as ProjectRecord[]).map(toProject);
}

/**
 * Changes a project's settings and returns it. A new prefix or width applies to subjects created
 * from now on; existing ids never change. Changing `issuerInKey` once subjects exist is refused
 * (`PROJECT_IN_USE`): it would give known patients a second id.
 */
export function updateProject(db: AppDatabase, name: string, changes: ProjectSettings): Project {
  return db.write(() => {
    const current = findProject(db, name);
    if (!current) throw new DatabaseError('PROJECT_NOT_FOUND', `no project named "${name}"`);
    const next = checkSettings({ ...current, ...definedOnly(changes) });
    if (next.issuerInKey !== current.issuerInKey) {
      const count = db.statement('SELECT count(*) FROM subjects WHERE project_id = ?').pluck().get(current.id);
      if (count !== 0) {
        throw new DatabaseError(
          'PROJECT_IN_USE',
          `project "${current.name}" already has subjects; the subject key (issuer) can no longer change`,
        );
      }
    }
    db.statement('UPDATE projects SET prefix = ?, width = ?, options = ?, issuer_in_key = ?, date_shift_min = ?, date_shift_max = ? WHERE id = ?').run(
      next.prefix,
      next.width,
      JSON.stringify(next.options),
      next.issuerInKey ? 1 : 0,
      next.dateShift.min,
      next.dateShift.max,
      current.id,
    );
    return findProject(db, current.name) as Project;
  });
}

function definedOnly(changes: ProjectSettings): ProjectSettings {
  return Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as ProjectSettings;
}

/** Letters, digits, `-` and `_`: a project name goes into file names (mapping CSV, reports, exports). */
const PROJECT_NAME = /^[A-Za-z0-9_-]{1,64}$/;
/** Names Windows reserves for devices, with or without an extension. */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

/**
 * Why `name` cannot be a project name, or undefined when it can: 1 to 64 letters, digits, `-` or
 * `_` (no path separators, no `..`), and not a Windows reserved device name (CON, NUL, COM1...).
 */
export function projectNameProblem(name: string): string | undefined {
  if (!PROJECT_NAME.test(name)) {
    return `project name "${name}" is not allowed: use 1 to 64 letters, digits, - or _ (no spaces, path separators or "..")`;
  }
  if (WINDOWS_RESERVED.test(name)) return `project name "${name}" is not allowed: Windows reserves it for a device`;
  return undefined;
}

function checkName(name: string): string {
  const trimmed = name.trim();
  const problem = projectNameProblem(trimmed);
  if (problem) throw new DatabaseError('PROJECT_INVALID', problem);
  return trimmed;
}

function checkSettings(s: Required<ProjectSettings>): Required<ProjectSettings> {
  if (!PREFIX.test(s.prefix)) {
    throw new DatabaseError('PROJECT_INVALID', `prefix "${s.prefix}" must be 1 to 16 letters, digits or _`);
  }
  if (!Number.isInteger(s.width) || s.width < 1 || s.width > 12) {
    throw new DatabaseError('PROJECT_INVALID', `width ${s.width} must be an integer from 1 to 12`);
  }
  const { min, max } = s.dateShift;
  const inRange = (d: number): boolean => Number.isInteger(d) && Math.abs(d) <= MAX_SHIFT_DAYS;
  if (!inRange(min) || !inRange(max) || min > max || (min <= 0 && max >= 0)) {
    throw new DatabaseError('PROJECT_INVALID', `date shift ${min}..${max} must be whole days, MIN <= MAX, within ±${MAX_SHIFT_DAYS}, and must not contain 0 (a zero shift writes the real date)`);
  }
  const bad = s.options.filter((code) => !isDeidOptionCode(code));
  if (bad.length > 0) throw new DatabaseError('PROJECT_INVALID', `unknown option code(s): ${bad.join(', ')}`);
  return { ...s, options: [...new Set(s.options)] };
}

function toProject(r: ProjectRecord): Project {
  const parsed: unknown = JSON.parse(r.options);
  const options = Array.isArray(parsed) ? parsed.filter((c): c is DeidOptionCode => typeof c === 'string' && isDeidOptionCode(c)) : [];
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    width: r.width,
    options,
    issuerInKey: r.issuer_in_key === 1,
    dateShift: { min: r.date_shift_min, max: r.date_shift_max },
    createdAt: r.created_at,
  };
}
