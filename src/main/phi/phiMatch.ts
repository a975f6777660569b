/**
 * Decides whether OCR'd text is identifying: it matches one of the patient's own header values
 * (names, IDs, dates, institution, address), tolerating OCR errors, or it merely looks like a date,
 * a time or an ID. Pure and synchronous; every frame's words go through it.
 */
import type { Allowlist } from './defaultAllowlist';
import { allowedBy } from './defaultAllowlist';
import { deniedWord, type Denylist } from './pixelTerms';
import { dateForms, MONTH_STEMS, parseDa } from './dateForms';
import { compactText, normalizeText, skeleton, umlautTransliteration, withinOneEdit, wordParts } from './textNormalize';

/** Which header value an identifier came from. */
type IdentifierKind = 'name' | 'id' | 'date' | 'institution' | 'address';

/** Header values to look for in pixel text. */
export interface IdentifierValues {
  /** Raw PN values: `Family^Given^Middle^Prefix^Suffix`, `=`-separated groups, `\`-separated values. */
  personNames?: readonly string[];
  ids?: readonly string[];
  /** DA values (YYYYMMDD); a label names the date in the match reason (`date:birth`). */
  dates?: readonly (string | { value: string; label: string })[];
  institutions?: readonly string[];
  addresses?: readonly string[];
}

interface IdentifierKey {
  kind: IdentifierKind;
  /** `skeleton()` of the value. */
  key: string;
  /** What the match reason shows after `kind:`. */
  label: string;
}

/** A multi-word value (an institution, an address, an ID with spaces), as the skeletons of its words. */
interface IdentifierPhrase {
  kind: IdentifierKind;
  label: string;
  words: readonly string[];
}

/** Identifiers prepared for matching: build once per patient, match many words. */
export interface IdentifierSet {
  exact: ReadonlyMap<string, IdentifierKey>;
  /** Multi-word values: two or more of their words in a row on one line match, generic words included. */
  phrases?: readonly IdentifierPhrase[];
  /** Keys of 5+ characters, matched with one edit of tolerance. */
  fuzzy: readonly IdentifierKey[];
  /** Keys found glued to other text: at a word's start or end (names), anywhere (IDs, dates). */
  embedded: readonly (IdentifierKey & { anywhere: boolean })[];
  /** Every printed form of each date (`dateForms`), for matching partial and split reads of a line. */
  dateForms?: readonly { form: string; label: string }[];
}

/** The verdict on one word. */
interface MatchResult {
  matched: boolean;
  /** `name:MULLER`, `id:MRN-A-7781`, `date:birth`, `pattern:date|time|id`, `all-text`; `allow` when allowlisted. */
  reason?: string;
}

/** Matching switches. */
interface MatchOptions {
  /** Propose every word with a letter or digit, whatever it says. */
  redactAllText?: boolean;
  /** The project's denylist: a listed word is always proposed (`deny:<term>`). */
  deny?: Denylist;
}

const HONORIFICS = new Set([
  'MR', 'MRS', 'MS', 'MISS', 'MX', 'DR', 'PROF', 'SIR', 'DAME', 'JR', 'SR', 'II', 'III', 'IV', 'MD', 'PHD', 'DDS',
  'HERR', 'FRAU', 'MME', 'MLLE', 'MONSIEUR', 'MADAME', 'REV', 'SENOR', 'SENORA', 'SIG', 'SIGRA',
]);
/** Name particles: kept inside the full component, not matched on their own. */
const PARTICLES = new Set(['VAN', 'VON', 'DER', 'DEN', 'DE', 'LA', 'LE', 'DI', 'DA', 'DU', 'DEL', 'DELLA', 'DOS', 'DAS', 'BIN', 'BINT', 'AL', 'EL', 'TER', 'TEN', 'ZU', 'AF']);
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
/** Words of institution names and addresses too common to identify anyone. */
const GENERIC_PLACE_WORDS = new Set([
  'THE', 'OF', 'AND', 'FOR', 'DER', 'DIE', 'DAS', 'DES', 'UND', 'FUR', 'DU', 'LA', 'LE', 'LES', 'ET', 'ST', 'STR',
  'RD', 'AVE', 'APT', 'NO', 'NR',
  // Words of many institutions' names, also device and preset text ("Thyroid General"): they count
  // only next to another word of the same name (see phrases).
  'GENERAL', 'HOSPITAL', 'HOSP', 'CLINIC', 'KLINIK', 'KLINIKUM', 'MEDICAL', 'MED', 'CENTER', 'CENTRE', 'CTR', 'UNIVERSITY',
  'UNIV', 'CARE', 'HEALTH', 'SURGICAL', 'IMAGING', 'RADIOLOGY', 'DEPARTMENT', 'DEPT', 'INSTITUTE',
]);

/** Prepares a patient's header values for matching. */
export function buildIdentifierSet(values: IdentifierValues): IdentifierSet {
  const exact = new Map<string, IdentifierKey>();
  const fuzzy: IdentifierKey[] = [];
  const embedded: (IdentifierKey & { anywhere: boolean })[] = [];
  const phrases: IdentifierPhrase[] = [];
  const forms: { form: string; label: string }[] = [];
  const addPhrase = (kind: IdentifierKind, value: string, label: string): void => {
    const words = wordParts(value).map((w) => skeleton(w));
    if (words.length >= 2) phrases.push({ kind, label, words });
  };
  const add = (kind: IdentifierKind, text: string, label: string, embed: 'no' | 'edge' | 'anywhere'): void => {
    const key = skeleton(text);
    if ([...key].length < 2 || exact.has(key)) return;
    const entry = { kind, key, label };
    exact.set(key, entry);
    if (key.length >= 5) fuzzy.push(entry);
    if (key.length >= 5 && embed !== 'no') embedded.push({ ...entry, anywhere: embed === 'anywhere' });
  };

  for (const raw of values.personNames ?? []) {
    for (const value of raw.split('\\')) {
      for (const group of value.split('=')) {
        const components = group.split('^').map((c) => c.trim()).filter((c) => c !== '');
        // Ideographic and phonetic (CJK) names are written without spaces: the whole name is a token too.
        if (components.length > 1 && CJK.test(group)) add('name', components.join(''), normalizeText(components.join('')), 'edge');
        for (const component of components) {
          const variants = [component, umlautTransliteration(component)].filter((v): v is string => v !== null);
          for (const variant of variants) {
            const parts = wordParts(variant);
            if (parts.length > 1) add('name', variant, normalizeText(variant), 'edge');
            for (const part of parts) {
              if (HONORIFICS.has(part) || (parts.length > 1 && PARTICLES.has(part))) continue;
              add('name', part, part, 'edge');
            }
          }
        }
      }
    }
  }
  for (const id of values.ids ?? []) {
    const trimmed = id.trim();
    if (trimmed === '') continue;
    add('id', trimmed, trimmed, 'anywhere');
    // An ID with spaces ("SCOTT FIXED") is printed as separate words: each long part is the ID too.
    const parts = trimmed.split(/\s+/);
    if (parts.length > 1) {
      for (const part of parts) if ([...part].length >= 4) add('id', part, trimmed, 'no');
      addPhrase('id', trimmed, trimmed);
    }
  }
  for (const date of values.dates ?? []) {
    const value = typeof date === 'string' ? date : date.value;
    const label = typeof date === 'string' ? value.trim() : date.label;
    if (!parseDa(value)) continue;
    for (const form of dateForms(value)) {
      add('date', form, label, 'anywhere');
      forms.push({ form, label });
    }
  }
  const places: [IdentifierKind, readonly string[] | undefined][] = [
    ['institution', values.institutions],
    ['address', values.addresses],
  ];
  for (const [kind, list] of places) {
    for (const value of list ?? []) {
      addPhrase(kind, value, normalizeText(value).trim());
      for (const part of wordParts(value)) {
        const isNumber = /^\p{N}+$/u.test(part);
        if (GENERIC_PLACE_WORDS.has(part) || (isNumber ? part.length < 4 : [...part].length < 3)) continue;
        add(kind, part, part, 'no');
      }
    }
  }
  return { exact, fuzzy, embedded, phrases, dateForms: forms };
}

const MONTH_RE = `(?:${MONTH_STEMS.join('|')})[A-Z]*\\.?`;
const SEP = '[\\s\\-./,]*';
/** Day-month-year and month-day-year with a month name, e.g. `30 JAN 94`, `24-MAY-02`, `JAN 30, 1994`. */
const MONTH_DATE = new RegExp(
  `(?:^|[^A-Z0-9])(?:\\d{1,2}${SEP}${MONTH_RE}${SEP}(?:\\d{4}|\\d{2})|${MONTH_RE}${SEP}\\d{1,2}(?:ST|ND|RD|TH)?${SEP}(?:\\d{4}|\\d{2})|\\d{4}${SEP}${MONTH_RE}${SEP}\\d{1,2})(?![0-9])`,
);
/** Year first: 1962-03-14, 1962/3/14, 1962.03.14. */
const YEAR_FIRST = /(?:^|[^\d])\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)/;
/** Year last: 14/03/1962, 3/14/1962, 14.03.62; with a two-digit year both other parts need two digits (not a version like 3.1.12). */
const YEAR_LAST = /(?:^|[^\d])(?:\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{2}[-/.]\d{2}[-/.]\d{2})(?!\d)/;
/** Eight digits that read as YYYYMMDD. */
const COMPACT_DATE = /(?:^|[^\d])(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?!\d)/;
const TIME = /(?:^|[^\d])(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?!\d)/;

/** Letters tesseract puts in place of digits, folded back only inside digit runs. */
function foldDigitLookalikes(normal: string): string {
  return normal.replace(/[OQILSB|]/g, (c, i: number, s: string) => {
    const near = /\d/.test(s[i - 1] ?? '') || /\d/.test(s[i + 1] ?? '');
    return near ? ({ O: '0', Q: '0', I: '1', L: '1', '|': '1', S: '5', B: '8' } as Record<string, string>)[c] : c;
  });
}

/** The pattern a word looks like (`date`, `time`, `id`), or null. */
export function patternOf(text: string): 'date' | 'time' | 'id' | null {
  const normal = normalizeText(text);
  const digits = foldDigitLookalikes(normal);
  if (MONTH_DATE.test(normal) || YEAR_FIRST.test(digits) || YEAR_LAST.test(digits) || COMPACT_DATE.test(digits)) return 'date';
  if (TIME.test(digits)) return 'time';
  const compact = compactText(text);
  const digitCount = (compact.match(/\p{N}/gu) ?? []).length;
  if ((compact.length >= 5 && digitCount >= 1 && digitCount < compact.length) || digitCount >= 6) return 'id';
  return null;
}

/** A month and a four-digit year (`03/2024`), which no harmless-text pattern may explain. */
const MONTH_YEAR = /^(?:0?[1-9]|1[0-2])[-/.](?:19|20)\d{2}$/;

/** True when `text` reads as a date or a time (a full one, or a month and year). */
export function looksLikeDateOrTime(text: string): boolean {
  const p = patternOf(text);
  return p === 'date' || p === 'time' || MONTH_YEAR.test(normalizeText(text).trim());
}

function reasonOf(entry: IdentifierKey): MatchResult {
  return { matched: true, reason: `${entry.kind}:${entry.label}` };
}

/**
 * Whether one OCR'd word is identifying. Order: an exact identifier match (even of allowlisted
 * text), then the allowlist, then identifiers with one OCR error or glued to other text, then
 * date/time/ID look-alikes.
 */
export function matchText(text: string, set: IdentifierSet, allow: Allowlist, opts: MatchOptions = {}): MatchResult {
  const parts = wordParts(text);
  if (parts.length === 0) return { matched: false };
  const denied = deniedWord(text, opts.deny);
  if (denied) return { matched: true, reason: denied };
  if (opts.redactAllText) return { matched: true, reason: 'all-text' };
  const whole = skeleton(text);
  const candidates = [...new Set([whole, ...parts.map((p) => skeleton(p))])];
  for (const c of candidates) {
    const entry = set.exact.get(c);
    if (entry) return reasonOf(entry);
  }
  if (allowedBy(text, allow, looksLikeDateOrTime)) return { matched: false, reason: 'allow' };
  for (const entry of set.fuzzy) {
    for (const c of candidates) {
      if (c.length >= 4 && withinOneEdit(c, entry.key)) return reasonOf(entry);
    }
  }
  for (const entry of set.embedded) {
    const found = entry.anywhere
      ? whole.includes(entry.key)
      : candidates.some((c) => c.length > entry.key.length && (c.startsWith(entry.key) || c.endsWith(entry.key)));
    if (found) return reasonOf(entry);
  }
  const pattern = patternOf(text);
  return pattern ? { matched: true, reason: `pattern:${pattern}` } : { matched: false };
}

/** True when `run` occurs in `words` as consecutive entries. */
function containsRun(words: readonly string[], run: readonly string[]): boolean {
  for (let i = 0; i + run.length <= words.length; i++) {
    if (run.every((w, k) => w === words[i + k])) return true;
  }
  return false;
}

/** A month-name date spread over the whole window (`30` `JAN` `94`), nothing else in it. */
const MONTH_DATE_WHOLE = new RegExp(
  `^(?:\\d{1,2}${SEP}${MONTH_RE}${SEP}(?:\\d{4}|\\d{2})|${MONTH_RE}${SEP}\\d{1,2}(?:ST|ND|RD|TH)?${SEP}(?:\\d{4}|\\d{2})|\\d{4}${SEP}${MONTH_RE}${SEP}\\d{1,2})[.,]?$`,
);
const PLAIN_NUMBER = /^[<>~±+-]?\d+(?:[.,]\d+)?$/;

/**
 * Matches the words of one text line (in reading order). Besides each word on its own, a date
 * split over two or three words (`30 JAN 94`) marks all of them, and a number followed by a unit
 * word (`120 kV`) is a measurement, not an ID.
 */
export function matchWords(words: readonly string[], set: IdentifierSet, allow: Allowlist, opts: MatchOptions = {}): MatchResult[] {
  const results = words.map((w) => matchText(w, set, allow, opts));
  if (opts.redactAllText) return results;
  for (const n of [3, 2]) {
    for (let i = 0; i + n <= words.length; i++) {
      const window = words.slice(i, i + n);
      const key = window.map((w) => skeleton(w)).join('');
      const entry = set.exact.get(key);
      const verdict = entry?.kind === 'date'
        ? reasonOf(entry)
        : MONTH_DATE_WHOLE.test(normalizeText(window.join(' '))) ? { matched: true, reason: 'pattern:date' } : null;
      if (!verdict) continue;
      for (let j = i; j < i + n; j++) if (!results[j].matched) results[j] = verdict;
    }
  }
  const skeletons = words.map((w) => skeleton(w));
  for (const d of opts.deny?.words ?? []) {
    if (d.words.length < 2) continue;
    for (let i = 0; i + d.words.length <= words.length; i++) {
      if (!d.words.every((w, k) => w === skeletons[i + k])) continue;
      for (let j = i; j < i + d.words.length; j++) results[j] = { matched: true, reason: `deny:${d.label}` };
    }
  }
  for (const phrase of set.phrases ?? []) {
    for (let n = Math.min(phrase.words.length, words.length); n >= 2; n--) {
      for (let i = 0; i + n <= words.length; i++) {
        if (!containsRun(phrase.words, skeletons.slice(i, i + n))) continue;
        for (let j = i; j < i + n; j++) if (!results[j].matched) results[j] = { matched: true, reason: `${phrase.kind}:${phrase.label}` };
      }
    }
  }
  // A line holding nothing but a long number is a label's value (an ID, an accession), not a
  // measurement, which comes with a unit or a name.
  if (words.length === 1 && !results[0].matched && /^\d{4,}$/.test(normalizeText(words[0]).replace(/[.,:;]+$/, ''))) {
    results[0] = { matched: true, reason: 'pattern:id' };
  }
  for (let i = 0; i + 1 < words.length; i++) {
    const number = normalizeText(words[i]);
    const unit = normalizeText(words[i + 1]).replace(/[.,;:]+$/, '');
    if (!PLAIN_NUMBER.test(number) || !allow.words.has(unit)) continue;
    if (results[i].reason?.startsWith('pattern:')) results[i] = { matched: false, reason: 'allow' };
  }
  return results;
}
