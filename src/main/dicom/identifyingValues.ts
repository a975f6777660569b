import type { DicomElement, ParsedDicom } from './types';
import { readAscii, readText, splitValues } from './elementValues';
import { TAG } from './dictionary';

/**
 * Header values that name or identify a person or place, kept in the index so OCR of any image
 * of a patient can look for the values of every file of that patient. The shape matches the
 * matcher's `IdentifierValues` (src/main/phi/phiMatch.ts), plain data so it can be stored as JSON.
 */
export interface IdentifyingValues {
  /** Raw PN values (components, `=` groups and `\` values kept), decoded in the file's character set. */
  personNames: string[];
  ids: string[];
  /** DA values with what they are (`birth`, `study`). */
  dates: { value: string; label: string }[];
  institutions: string[];
  addresses: string[];
}

/** Attributes whose values are IDs of the patient or the visit (at any depth). */
const ID_TAGS: ReadonlySet<number> = new Set([
  TAG.PatientID,
  TAG.OtherPatientIDs,
  TAG.AccessionNumber,
  TAG.MedicalRecordLocator,
  TAG.AdmissionID,
  TAG.RequestedProcedureID,
  TAG.PlacerOrderNumberImagingServiceRequest,
  TAG.FillerOrderNumberImagingServiceRequest,
]);
const DATE_TAGS: ReadonlyMap<number, string> = new Map([
  [TAG.PatientBirthDate, 'birth'],
  [TAG.StudyDate, 'study'],
]);
const INSTITUTION_TAGS: ReadonlySet<number> = new Set([
  TAG.InstitutionName,
  TAG.InstitutionalDepartmentName,
]);
const ADDRESS_TAGS: ReadonlySet<number> = new Set([
  TAG.InstitutionAddress,
  TAG.PatientAddress,
  TAG.ReferringPhysicianAddress,
  TAG.PatientTelephoneNumbers,
]);
/** Enough values for any real header; a crafted file cannot grow the index without bound. */
const MAX_VALUES = 200;

/**
 * Collects the identifying values of a parsed file, at every sequence depth: every PN value (all
 * person names: patient, referring, performing, operators, ...), patient and visit IDs, birth and
 * study dates, institution names and addresses. Empty values are skipped, duplicates dropped.
 */
export function collectIdentifyingValues(parsed: ParsedDicom): IdentifyingValues {
  const src = parsed.datasetSource;
  const charsetEl = parsed.dataset.find((e) => e.tag === TAG.SpecificCharacterSet);
  const charset = charsetEl ? readAscii(src.read(charsetEl.valueOffset, charsetEl.valueLength)) : undefined;
  const out = { personNames: new Set<string>(), ids: new Set<string>(), dates: new Map<string, string>(), institutions: new Set<string>(), addresses: new Set<string>() };
  const add = (set: Set<string>, text: string): void => {
    const t = text.trim();
    if (t !== '' && set.size < MAX_VALUES) set.add(t);
  };
  const visit = (elements: readonly DicomElement[]): void => {
    for (const el of elements) {
      if (el.items) {
        for (const item of el.items) visit(item.elements);
        continue;
      }
      if (el.valueLength === 0 || el.fragments || el.tag >>> 16 === 0x7fe0) continue;
      if (el.vr === 'PN') {
        add(out.personNames, readText(src, el, charset));
      } else if (ID_TAGS.has(el.tag)) {
        // Study ID is left out: a counter ("1") or a preset name ("Thyroid"), printed as device text.
        for (const v of splitValues(readText(src, el, charset))) add(out.ids, v);
      } else if (DATE_TAGS.has(el.tag)) {
        for (const v of splitValues(readAscii(src.read(el.valueOffset, el.valueLength)))) {
          const value = v.trim();
          if (value !== '' && !out.dates.has(value) && out.dates.size < MAX_VALUES) out.dates.set(value, DATE_TAGS.get(el.tag) as string);
        }
      } else if (INSTITUTION_TAGS.has(el.tag)) {
        add(out.institutions, readText(src, el, charset));
      } else if (ADDRESS_TAGS.has(el.tag)) {
        add(out.addresses, readText(src, el, charset));
      }
    }
  };
  visit(parsed.dataset);
  return {
    personNames: [...out.personNames],
    ids: [...out.ids],
    dates: [...out.dates].map(([value, label]) => ({ value, label })),
    institutions: [...out.institutions],
    addresses: [...out.addresses],
  };
}

/** Merges several files' values (one patient), without duplicates. */
export function mergeIdentifyingValues(all: readonly IdentifyingValues[]): IdentifyingValues {
  const names = new Set<string>();
  const ids = new Set<string>();
  const dates = new Map<string, string>();
  const institutions = new Set<string>();
  const addresses = new Set<string>();
  for (const v of all) {
    for (const x of v.personNames) names.add(x);
    for (const x of v.ids) ids.add(x);
    for (const d of v.dates) if (!dates.has(d.value)) dates.set(d.value, d.label);
    for (const x of v.institutions) institutions.add(x);
    for (const x of v.addresses) addresses.add(x);
  }
  return {
    personNames: [...names],
    ids: [...ids],
    dates: [...dates].map(([value, label]) => ({ value, label })),
    institutions: [...institutions],
    addresses: [...addresses],
  };
}
