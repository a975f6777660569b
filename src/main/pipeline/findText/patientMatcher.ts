import { createHash } from 'node:crypto';
import type { AppDatabase } from '../../db/database';
import type { StoredFileRow } from '../../db/fileRow';
import { mergeIdentifyingValues, type IdentifyingValues } from '../../dicom/identifyingValues';
import { splitValues } from '../../dicom/elementValues';
import { listAllDenyTerms, listPixelTerms } from '../../db/pixelTermsRepo';
import { findProject } from '../../db/projectsRepo';
import { listPatientHeaderValues } from '../../db/filesRepo';
import { buildAllowlist, type Allowlist } from '../../phi/defaultAllowlist';
import { compileTerms, type Denylist, type PixelTerm } from '../../phi/pixelTerms';
import { buildIdentifierSet, type IdentifierSet, type IdentifierValues } from '../../phi/phiMatch';

/** What decides whether text names the patient: their identifiers and the project's lists. */
export interface MatchContext {
  identifiers: IdentifierSet;
  allowlist: Allowlist;
  /** The project's denylist; absent: none. */
  denylist?: Denylist;
  /** Burn every text region with a letter or digit (`--redact-all-text`). */
  redactAllText: boolean;
}

/** A patient's indexed header values, as `listPatientHeaderValues` returns them. */
type PatientHeaderRow = ReturnType<typeof listPatientHeaderValues>[number];

/** The key files of one patient share: their PatientID, or their study when PatientID is empty. */
export function patientKeyOf(row: Pick<StoredFileRow, 'patientId' | 'studyUid'>): string {
  const pid = (row.patientId ?? '').trim();
  return pid ? `id:${pid}` : `study:${row.studyUid ?? ''}`;
}

/**
 * Every identifying value of the patient `row` belongs to, from every file of that patient in the
 * database (same PatientID, or same study when the file has none): the indexed header values plus
 * the names, IDs, dates, institutions and addresses collected from each whole header.
 */
export function patientIdentifierValues(db: AppDatabase, row: Pick<StoredFileRow, 'patientId' | 'studyUid'>): IdentifyingValues {
  return identifierValuesOf(listPatientHeaderValues(db, row));
}

/** The identifying values held by a patient's indexed header rows. */
function identifierValuesOf(rows: readonly PatientHeaderRow[]): IdentifyingValues {
  const all: IdentifyingValues[] = [];
  for (const r of rows) {
    if (r.identifiers) all.push(JSON.parse(r.identifiers) as IdentifyingValues);
    all.push({
      personNames: r.patientName ? [r.patientName] : [],
      ids: [r.patientId ?? '', ...splitValues(r.otherPatientIds ?? ''), r.accessionNumber ?? ''].filter((v) => v.trim() !== ''),
      dates: r.birthDate ? [{ value: r.birthDate, label: 'birth' }] : [],
      institutions: [],
      addresses: [],
    });
  }
  return mergeIdentifyingValues(all);
}

/** The matcher's input from collected values. */
export function toIdentifierValues(v: IdentifyingValues): IdentifierValues {
  return { personNames: v.personNames, ids: v.ids, dates: v.dates, institutions: v.institutions, addresses: v.addresses };
}

/** A project's lists as the matchers use them, and the terms they were built from. */
export interface TermLists {
  allowlist: Allowlist;
  denylist: Denylist;
  /** The terms, for the match key. */
  terms: readonly PixelTerm[];
}

/**
 * The lists text is judged with for the given projects: each project's own, or, when text belongs
 * to several, what all of them allow and what any of them denies. With no project (a tree traced
 * to no one), nothing beyond the built-in allowlist is allowed and every project's denylist applies:
 * an unknown origin is judged the strict way.
 */
export function termListsOf(db: AppDatabase, projectIds: readonly number[]): TermLists {
  const ids = [...new Set(projectIds)];
  const key = (t: PixelTerm): string => `${t.list}\u0000${t.kind}\u0000${t.term}`;
  let allow: PixelTerm[] = [];
  const deny = new Map<string, PixelTerm>();
  if (ids.length === 0) for (const t of listAllDenyTerms(db)) deny.set(key(t), t);
  ids.forEach((id, n) => {
    const terms = listPixelTerms(db, id).map((t): PixelTerm => ({ list: t.list, kind: t.kind, term: t.term }));
    for (const t of terms) if (t.list === 'deny') deny.set(key(t), t);
    const allowed = terms.filter((t) => t.list === 'allow');
    allow = n === 0 ? allowed : allow.filter((a) => allowed.some((t) => key(t) === key(a)));
  });
  const terms = [...allow, ...deny.values()];
  const compiled = compileTerms(terms);
  return { allowlist: buildAllowlist(compiled.allow), denylist: compiled.deny, terms };
}

/** The project a run without one uses (`default`), when it exists. */
function defaultProjectIds(db: AppDatabase): number[] {
  const p = findProject(db, 'default');
  return p ? [p.id] : [];
}

/** A key of everything a verdict depends on: change any of it and stored statuses are re-matched. */
function matchKeyOf(values: IdentifyingValues, terms: readonly PixelTerm[], redactAllText: boolean, devices: readonly string[]): string {
  const canonical = JSON.stringify({
    n: [...values.personNames].sort(),
    i: [...values.ids].sort(),
    d: values.dates.map((d) => `${d.value}:${d.label}`).sort(),
    s: [...values.institutions].sort(),
    a: [...values.addresses].sort(),
    t: terms.map((t) => `${t.list}:${t.kind}:${t.term}`).sort(),
    all: redactAllText,
    dev: devices,
  });
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

/**
 * The words of the devices that made the patient's files (Manufacturer, ManufacturerModelName, as
 * the headers give them, whole and in their letter and digit parts): a screen showing `ACME`,
 * `UST-9123` or the `5000` of `HDI5000/DVS` names the machine, not the patient.
 * A word that is also one of the patient's identifiers stays identifying (the matcher checks those
 * first).
 */
function deviceWordsOf(rows: readonly PatientHeaderRow[]): string[] {
  const words = new Set<string>();
  for (const r of rows) {
    for (const value of [r.manufacturer, r.manufacturerModel]) {
      for (const w of (value ?? '').split(/[\s\\]+/)) {
        if (!/[A-Za-z0-9]/.test(w) || w.length < 2) continue;
        words.add(w);
        // A model name is shown in parts too: HDI5000/DVS as HDI, 5000 and DVS.
        for (const part of w.split(/[/,;-]+|(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})/u)) if (part.length >= 2 && part !== w) words.add(part);
      }
    }
  }
  return [...words].sort();
}

/** `allowlist` with more harmless words. */
function withWords(allowlist: Allowlist, words: readonly string[]): Allowlist {
  const all = new Set(allowlist.words);
  for (const w of buildAllowlist({ words }).words) all.add(w);
  return { ...allowlist, words: all };
}

/** A patient's matching context and its key (see {@link matchKeyOf}). */
export interface PatientMatch {
  match: MatchContext;
  key: string;
}

/**
 * Matching contexts per patient, built once per run from the database (identifiers of every file
 * of the patient, the project's allow and deny lists, --redact-all-text). Without `projectId`,
 * the lists of the project `default` (none when it does not exist).
 */
export function createPatientMatcher(db: AppDatabase, redactAllText: boolean, projectId?: number): (row: Pick<StoredFileRow, 'patientId' | 'studyUid'>) => PatientMatch {
  const ids = projectId === undefined ? defaultProjectIds(db) : [projectId];
  const { allowlist, denylist, terms } = ids.length ? termListsOf(db, ids) : { allowlist: buildAllowlist(), denylist: compileTerms([]).deny, terms: [] };
  const cache = new Map<string, PatientMatch>();
  return (row) => {
    const k = patientKeyOf(row);
    let m = cache.get(k);
    if (!m) {
      // One read of the patient's rows gives both their identifiers and their devices' words.
      const rows = listPatientHeaderValues(db, row);
      const values = identifierValuesOf(rows);
      const devices = deviceWordsOf(rows);
      const allowed = devices.length ? withWords(allowlist, devices) : allowlist;
      m = { match: { identifiers: buildIdentifierSet(toIdentifierValues(values)), allowlist: allowed, denylist, redactAllText }, key: matchKeyOf(values, terms, redactAllText, devices) };
      cache.set(k, m);
    }
    return m;
  };
}
