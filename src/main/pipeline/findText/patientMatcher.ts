import { createHash } from 'node:crypto';
import type { AppDatabase } from '../../db/database';
import type { StoredFileRow } from '../../db/fileRow';
import { mergeIdentifyingValues, type IdentifyingValues } from '../../dicom/identifyingValues';
import { splitValues } from '../../dicom/elementValues';
import { listAllowlist } from '../../db/rectsRepo';
import { listPatientHeaderValues } from '../../db/filesRepo';
import { buildAllowlist, type AllowlistEntries } from '../../phi/defaultAllowlist';
import { buildIdentifierSet, type IdentifierValues } from '../../phi/phiMatch';
import type { MatchContext } from '../../ocr/readWords';

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
  const rows = listPatientHeaderValues(db, row);
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

/** The user's allowlist additions from the database, as matcher entries (invalid patterns become words). */
export function allowlistEntries(db: AppDatabase): AllowlistEntries {
  const words: string[] = [];
  const patterns: string[] = [];
  for (const p of listAllowlist(db)) {
    if (/^[\p{L}\p{N} ./:%-]+$/u.test(p)) words.push(p);
    else {
      try {
        new RegExp(p);
        patterns.push(p);
      } catch {
        words.push(p);
      }
    }
  }
  return { words, patterns };
}


/** A key of everything a verdict depends on: change any of it and stored statuses are re-matched. */
function matchKeyOf(values: IdentifyingValues, allow: AllowlistEntries, redactAllText: boolean): string {
  const canonical = JSON.stringify({
    n: [...values.personNames].sort(),
    i: [...values.ids].sort(),
    d: values.dates.map((d) => `${d.value}:${d.label}`).sort(),
    s: [...values.institutions].sort(),
    a: [...values.addresses].sort(),
    w: [...(allow.words ?? [])].sort(),
    p: [...(allow.patterns ?? [])].map(String).sort(),
    all: redactAllText,
  });
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

/** A patient's matching context and its key (see {@link matchKeyOf}). */
export interface PatientMatch {
  match: MatchContext;
  key: string;
}

/**
 * Matching contexts per patient, built once per run from the database (identifiers of every file
 * of the patient, the database allowlist, --redact-all-text).
 */
export function createPatientMatcher(db: AppDatabase, redactAllText: boolean): (row: Pick<StoredFileRow, 'patientId' | 'studyUid'>) => PatientMatch {
  const allow = allowlistEntries(db);
  const allowlist = buildAllowlist(allow);
  const cache = new Map<string, PatientMatch>();
  return (row) => {
    const k = patientKeyOf(row);
    let m = cache.get(k);
    if (!m) {
      const values = patientIdentifierValues(db, row);
      m = { match: { identifiers: buildIdentifierSet(toIdentifierValues(values)), allowlist, redactAllText }, key: matchKeyOf(values, allow, redactAllText) };
      cache.set(k, m);
    }
    return m;
  };
}
