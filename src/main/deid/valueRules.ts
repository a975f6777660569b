/**
 * Rules that read a value before it is written, beside the table's fixed actions:
 * - dates the table keeps under 113107 are shifted by the subject's offset, and dates of
 *   attributes outside Table E.1-1 follow the date option (kept under 113106, shifted under
 *   113107, removed otherwise), so no real date passes where dates are not retained;
 * - descriptors the table marks C under 113105 are kept with every word the PHI matcher flags
 *   replaced by `*`;
 * - every text value of an attribute outside Table E.1-1 (LO, LT, ST, UT, SH, UC, PN; coded
 *   values aside) goes through the PHI matcher whatever the options, and is removed on a match.
 * The matcher looks for the patient's identifiers (from every file of the patient), dates, long
 * ID patterns, and the IDs and whole values the profile removed from the same file (a serial
 * repeated in Detector Description, a Code Meaning repeating a removed description of three words
 * or more); in device text (manufacturer, model, software versions) only the patient's own
 * names, IDs and dates count.
 */
import type { DeidOptionCode } from '../../shared/deidOptions';
import { keywordOf, TAG, tagText } from '../dicom/dictionary';
import { readText } from '../dicom/elementValues';
import type { ByteSource, DicomElement } from '../dicom/types';
import type { Allowlist } from '../phi/defaultAllowlist';
import { matchHeaderText } from '../phi/headerText';
import { buildIdentifierSet, type IdentifierSet } from '../phi/phiMatch';
import { skeleton, wordParts } from '../phi/textNormalize';
import { shiftDateValues } from './dateShift';
import { dummyValue } from './dummyValues';
import type { ResolvedAction } from './profileActions';

/** What to write instead of the value as it is. */
export type ValueDecision = { kind: 'remove' } | { kind: 'empty' } | { kind: 'text'; value: string };

/** One attribute changed by a value rule, for the report (never the value). */
export interface ValueChange {
  /** `(0018,7006)`. */
  tag: string;
  keyword: string;
  rule: 'date shifted' | 'date removed' | 'descriptor cleaned' | 'free text removed';
}

/** The value rules of one file, with what they changed. */
export interface ValueRules {
  /** A decision for a non-sequence element, or undefined to apply the table's action. */
  decide(el: DicomElement, vr: string, resolved: ResolvedAction | undefined): ValueDecision | undefined;
  /** The attributes changed so far, each once. */
  changes(): ValueChange[];
}

/** What the rules need to know about the file and the patient. */
interface ValueRulesInput {
  src: ByteSource;
  charset: string | undefined;
  dataset: readonly DicomElement[];
  resolve: (tag: number) => ResolvedAction | undefined;
  options: readonly DeidOptionCode[];
  /** The subject's offset in days (113107). */
  dateOffsetDays: number | undefined;
  /** The patient's identifiers (every file of the patient); absent: only this file's removed values. */
  patient: IdentifierSet | undefined;
  allow: Allowlist;
}

/** Text VRs the free-text check reads. */
const FREE_TEXT_VRS: ReadonlySet<string> = new Set(['LO', 'LT', 'ST', 'UT', 'SH', 'UC', 'PN']);
/** Coded values: short codes of a coding scheme, never free text; matching them would break every code. */
const CODED_VALUES: ReadonlySet<number> = new Set([
  TAG.CodeValue,
  TAG.CodingSchemeDesignator,
  TAG.CodingSchemeVersion,
  TAG.LongCodeValue,
  TAG.ExtendedCodeValue,
]);
/**
 * Device text outside the table: the make, model and software of the equipment. Only the
 * patient's own names, IDs and dates count there; a manufacturer that shares a word with the
 * institution ("TOSHIBA" at a test site) or a version that looks like a number is no patient data.
 */
const DEVICE_TEXT: ReadonlySet<number> = new Set([TAG.Manufacturer, TAG.ManufacturerModelName, TAG.SoftwareVersions]);
const REMOVED_ACTIONS: ReadonlySet<string> = new Set(['remove', 'empty', 'dummy']);
/**
 * A removed value repeated elsewhere counts from three words ("CT HEAD for DOE"): one- and
 * two-word repeats ("Brain", "BODY FILTER") are the descriptive vocabulary of every study.
 */
const MIN_WHOLE_WORDS = 3;

/** The Basic Profile fallback of a cleaned attribute as a decision. */
function fallbackDecision(resolved: ResolvedAction | undefined, vr: string): ValueDecision {
  switch (resolved?.fallback?.action) {
    case 'empty':
      return { kind: 'empty' };
    case 'dummy': {
      const dummy = dummyValue(vr);
      return dummy === null ? { kind: 'empty' } : { kind: 'text', value: dummy };
    }
    default:
      return { kind: 'remove' };
  }
}

/** Builds the value rules of one file (one pass over its data set collects the values the profile removes). */
export function createValueRules(input: ValueRulesInput): ValueRules {
  const retainDates = input.options.includes('113106');
  const shiftDates = input.options.includes('113107') && input.dateOffsetDays !== undefined;
  const read = (el: DicomElement, vr: string): string => readText(input.src, { ...el, vr }, input.charset);
  const removed = removedValues(input, read);
  const sets = [...(input.patient ? [input.patient] : []), removed.set];
  const changed = new Map<number, ValueChange>();
  const note = (tag: number, rule: ValueChange['rule']): void => {
    if (!changed.has(tag)) changed.set(tag, { tag: tagText(tag), keyword: keywordOf(tag), rule });
  };
  const shift = (el: DicomElement, vr: 'DA' | 'DT', resolved: ResolvedAction | undefined): ValueDecision => {
    const text = read(el, vr);
    const shifted = input.dateOffsetDays === undefined ? null : shiftDateValues(text, vr, input.dateOffsetDays);
    if (shifted === null) {
      note(el.tag, 'date removed');
      return fallbackDecision(resolved, vr);
    }
    note(el.tag, 'date shifted');
    return { kind: 'text', value: shifted };
  };
  const matches = (text: string, device = false): ReturnType<typeof matchHeaderText> & { whole: boolean } => {
    const found = matchHeaderText(text, sets, input.allow, device ? 'identifiers' : 'all');
    return { ...found, whole: !device && removed.wholes.has(skeleton(text)) };
  };

  return {
    decide(el, vr, resolved) {
      if (el.valueLength === 0) return undefined;
      if (resolved?.clean === 'date') {
        return vr === 'DA' || vr === 'DT' ? shift(el, vr, resolved) : fallbackDecision(resolved, vr);
      }
      if (resolved?.clean === 'text') {
        const text = read(el, vr);
        const found = matches(text);
        if (!found.matched && !found.whole) return undefined;
        note(el.tag, 'descriptor cleaned');
        // Our encoder writes Latin-1 only: a value in another character set goes whole.
        if (found.whole || /[^\x20-\x7e]/.test(found.cleaned)) return fallbackDecision(resolved, vr);
        return { kind: 'text', value: found.cleaned };
      }
      if (resolved !== undefined) return undefined;
      if (vr === 'DA' || vr === 'DT') {
        if (retainDates) return undefined;
        if (shiftDates) return shift(el, vr, undefined);
        note(el.tag, 'date removed');
        return { kind: 'remove' };
      }
      if (!FREE_TEXT_VRS.has(vr) || CODED_VALUES.has(el.tag)) return undefined;
      const found = matches(read(el, vr), DEVICE_TEXT.has(el.tag));
      if (!found.matched && !found.whole) return undefined;
      note(el.tag, 'free text removed');
      return { kind: 'remove' };
    },
    changes: () => [...changed.values()],
  };
}

/**
 * The text values the profile removes, empties or dummies anywhere in the file: their ID-like
 * words (four characters or more with a digit: serials, station names, accession numbers) as an
 * identifier set, and their whole values, so that the same text kept elsewhere is found.
 */
function removedValues(input: ValueRulesInput, read: (el: DicomElement, vr: string) => string): { set: IdentifierSet; wholes: Set<string> } {
  const ids = new Set<string>();
  const wholes = new Set<string>();
  const visit = (elements: readonly DicomElement[]): void => {
    for (const el of elements) {
      if (el.items) {
        for (const item of el.items) visit(item.elements);
        continue;
      }
      if (el.valueLength === 0 || !FREE_TEXT_VRS.has(el.vr) || (el.tag >>> 16) & 1) continue;
      const action = input.resolve(el.tag)?.action;
      if (!action || !REMOVED_ACTIONS.has(action)) continue;
      const text = read(el, el.vr);
      for (const value of text.split('\\')) {
        if (wordParts(value).length >= MIN_WHOLE_WORDS) wholes.add(skeleton(value));
        for (const word of value.split(/[\s=;:,^/()]+/)) if ([...word].length >= 4 && /\p{N}/u.test(word) && /[\p{L}\p{N}]/u.test(word)) ids.add(word);
      }
    }
  };
  visit(input.dataset);
  return { set: buildIdentifierSet({ ids: [...ids] }), wholes };
}
