/**
 * What in one text line names the patient, is deny-listed, or looks like PHI, word by word and
 * across words: IDs written with spaces, dashes or dots (`31 405 926`), damaged (one edit per five
 * characters) or cut short (`3140`); dates in any printed form, split (`7 Mar 24`) or partly read
 * (`3.01.20`, `202!`); multi-word names and institutions with OCR noise between their words.
 */
import { MONTH_NAMES, MONTH_STEMS } from './dateForms';
import { containsDate, dateShape, isDateFragment } from './dateShapes';
import { runText, type LineToken } from './lineTokens';
import { looksLikeDateOrTime, patternOf, type IdentifierSet } from './phiMatch';
import { deniedWord, type Denylist } from './pixelTerms';
import { withinEdits, withinOneEdit, wordParts, skeleton } from './textNormalize';

/**
 * How sure a match is, which decides whether the allowlist may overrule it:
 * `strong` (the patient's own value, a partial read of it, a deny-listed term) never;
 * `date` (text shaped like some date or time) only by a listed word, not a pattern;
 * `weak` (a name one letter off, a code that looks like an ID) by any allowlist entry.
 */
type MatchStrength = 'strong' | 'date' | 'weak';

/** One match over tokens `first..last`. */
export interface LineMatch {
  first: number;
  last: number;
  /** `name:MULLER`, `id:MRN-A-7781`, `date:birth`, `deny:ACME`, `pattern:date|time|id`. */
  reason: string;
  strength: MatchStrength;
}

/** Longest run of words tried as one written value (an ID in groups, a date in parts). */
const MAX_RUN = 8;
/** OCR noise tolerated between two words of a multi-word value. */
const MAX_NOISE = 2;

const MONTH_WORDS = new Set([...MONTH_STEMS, ...MONTH_NAMES]);

/** Every match in the line, in no particular order. */
export function findLineMatches(tokens: readonly LineToken[], set: IdentifierSet, deny: Denylist | undefined): LineMatch[] {
  return [
    ...denyMatches(tokens, deny),
    ...wordMatches(tokens, set),
    ...runMatches(tokens, set),
    ...phraseMatches(tokens, (set.phrases ?? []).map((p) => ({ words: p.words, reason: `${p.kind}:${p.label}`, min: 2 }))),
    ...patternMatches(tokens),
  ];
}

function denyMatches(tokens: readonly LineToken[], deny: Denylist | undefined): LineMatch[] {
  if (!deny) return [];
  const out: LineMatch[] = [];
  tokens.forEach((t, i) => {
    const reason = deniedWord(t.text, deny);
    if (reason) out.push({ first: i, last: i, reason, strength: 'strong' });
  });
  const phrases = deny.words.filter((d) => d.words.length > 1);
  out.push(...phraseMatches(tokens, phrases.map((d) => ({ words: d.words, reason: `deny:${d.label}`, min: Math.min(2, d.words.length) })), 'strong'));
  // A pattern is looked for in the whole line too, so it may span words.
  const line = runText(tokens, 0, tokens.length - 1);
  for (const p of deny.patterns) {
    const m = p.re.exec(line);
    if (!m) continue;
    const covered = coveredTokens(tokens, m.index, m.index + Math.max(1, m[0].length));
    if (covered) out.push({ ...covered, reason: `deny:${p.label}`, strength: 'strong' });
  }
  return out;
}

/** Tokens `first..last` covering characters `[from, to)` of the joined run text. */
function coveredTokens(tokens: readonly LineToken[], from: number, to: number): { first: number; last: number } | null {
  let offset = 0;
  let first = -1;
  let last = -1;
  tokens.forEach((t, i) => {
    const end = offset + t.text.length;
    if (end > from && offset < to) {
      if (first < 0) first = i;
      last = i;
    }
    offset = end + 1;
  });
  return first < 0 ? null : { first, last };
}

/** The patient's values in single words: exact, glued to other text, or a name one letter off. */
function wordMatches(tokens: readonly LineToken[], set: IdentifierSet): LineMatch[] {
  const out: LineMatch[] = [];
  tokens.forEach((t, i) => {
    const parts = wordParts(t.text).map((p) => skeleton(p));
    const candidates = [...new Set([t.skeleton, ...parts])].filter((c) => c !== '');
    const hit = (reason: string, strength: MatchStrength): void => void out.push({ first: i, last: i, reason, strength });
    const exact = candidates.map((c) => set.exact.get(c)).find((e) => e !== undefined);
    if (exact) return hit(`${exact.kind}:${exact.label}`, 'strong');
    for (const e of set.embedded) {
      const found = e.anywhere
        ? t.skeleton.includes(e.key)
        : candidates.some((c) => c.length > e.key.length && (c.startsWith(e.key) || c.endsWith(e.key)));
      if (found) return hit(`${e.kind}:${e.label}`, 'strong');
    }
    // IDs and dates have rules of their own (runMatches); here, words one letter off a name or a place.
    for (const e of set.fuzzy) {
      if (e.kind === 'id' || e.kind === 'date') continue;
      if (candidates.some((c) => c.length >= 4 && withinOneEdit(c, e.key))) return hit(`${e.kind}:${e.label}`, 'weak');
    }
  });
  return out;
}

/** IDs and dates written over one or more words, whole, damaged or in part. */
function runMatches(tokens: readonly LineToken[], set: IdentifierSet): LineMatch[] {
  const out: LineMatch[] = [];
  const { ids, forms } = prepared(set);
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].skeleton === '') continue;
    let joined = '';
    for (let j = i; j < Math.min(tokens.length, i + MAX_RUN); j++) {
      joined += tokens[j].skeleton;
      if (tokens[j].skeleton === '') continue;
      const hit = (reason: string): void => void out.push({ first: i, last: j, reason, strength: 'strong' });
      const exact = j > i ? set.exact.get(joined) : undefined;
      if (exact) hit(`${exact.kind}:${exact.label}`);
      for (const id of ids) {
        const len = id.key.length;
        const contains = len >= 5 && joined.includes(id.key);
        const damaged = len >= 5 && withinEdits(joined, id.key, Math.floor(len / 5));
        // A part read of an ID, but not a counter or ratio (`45/120` is not a piece of XA451209).
        const part = len >= 6 && joined.length >= Math.max(4, Math.ceil(len / 2)) && /\d/.test(joined) && id.key.includes(joined) && !/\d\s*\/\s*\d/.test(runText(tokens, i, j));
        if (contains || damaged || part) hit(`id:${id.label}`);
      }
      const shape = dateShape(runText(tokens, i, j));
      if (!/\d/.test(shape)) continue;
      for (const f of forms) {
        if (containsDate(shape, f.shape) || isDateFragment(shape, f.shape)) {
          hit(`date:${f.label}`);
          break;
        }
      }
    }
  }
  return out;
}

const preparedSets = new WeakMap<IdentifierSet, { ids: { key: string; label: string }[]; forms: { shape: string; label: string }[] }>();

/** The set's IDs and the shapes of its dates (printed forms that share a shape once). */
function prepared(set: IdentifierSet): { ids: { key: string; label: string }[]; forms: { shape: string; label: string }[] } {
  let p = preparedSets.get(set);
  if (!p) {
    const shapes = new Map<string, string>();
    for (const f of set.dateForms ?? []) if (!shapes.has(dateShape(f.form))) shapes.set(dateShape(f.form), f.label);
    p = {
      ids: [...set.exact.values()].filter((e) => e.kind === 'id'),
      forms: [...shapes].map(([shape, label]) => ({ shape, label })),
    };
    preparedSets.set(set, p);
  }
  return p;
}

interface PhraseSpec {
  /** Skeletons of the phrase's words. */
  words: readonly string[];
  reason: string;
  /** Words of the phrase that must be found in order. */
  min: number;
}

/**
 * Multi-word values found in order, with up to {@link MAX_NOISE} noise tokens between two of
 * their words (punctuation, or a fragment of one or two characters): `KU ~ MEDICAL . CENTER`.
 */
function phraseMatches(tokens: readonly LineToken[], phrases: readonly PhraseSpec[], strength: MatchStrength = 'strong'): LineMatch[] {
  const out: LineMatch[] = [];
  const same = (read: string, word: string): boolean => read === word || (word.length >= 5 && withinOneEdit(read, word));
  const isNoise = (t: LineToken): boolean => t.skeleton.length <= 2;
  for (const phrase of phrases) {
    for (let i = 0; i < tokens.length; i++) {
      for (let p = 0; p < phrase.words.length; p++) {
        if (!same(tokens[i].skeleton, phrase.words[p])) continue;
        let found = 1;
        let last = i;
        let next = p + 1;
        let k = i + 1;
        let noise = 0;
        while (k < tokens.length && next < phrase.words.length) {
          if (same(tokens[k].skeleton, phrase.words[next])) {
            found++;
            last = k;
            next++;
            noise = 0;
          } else if (isNoise(tokens[k]) && ++noise <= MAX_NOISE) {
            // skip it
          } else break;
          k++;
        }
        if (found >= phrase.min) out.push({ first: i, last, reason: phrase.reason, strength });
      }
    }
  }
  return out;
}

/** Text that looks like a date, a time or an ID, in one word or a date over two or three. */
function patternMatches(tokens: readonly LineToken[]): LineMatch[] {
  const out: LineMatch[] = [];
  tokens.forEach((t, i) => {
    const p = looksLikeDateOrTime(t.text) ? (patternOf(t.text) === 'time' ? 'time' : 'date') : patternOf(t.text);
    if (p) out.push({ first: i, last: i, reason: `pattern:${p}`, strength: p === 'id' ? 'weak' : 'date' });
  });
  const isMonth = (t: LineToken | undefined): boolean => t !== undefined && MONTH_WORDS.has(t.normal.replace(/[.,]+$/, ''));
  const isDayOrYear = (t: LineToken | undefined): boolean => t !== undefined && /^(?:\d{1,2}|\d{4})(?:ST|ND|RD|TH)?[.,]?$/.test(t.normal);
  for (let i = 0; i + 1 < tokens.length; i++) {
    const [a, b] = [tokens[i], tokens[i + 1]];
    if ((isMonth(a) && isDayOrYear(b)) || (isDayOrYear(a) && isMonth(b))) {
      const last = isDayOrYear(tokens[i + 2]) && isMonth(b) ? i + 2 : i + 1;
      out.push({ first: i, last, reason: 'pattern:date', strength: 'date' });
    }
    const three = i + 2 < tokens.length ? runText(tokens, i, i + 2) : '';
    if (three && patternOf(three) === 'date') out.push({ first: i, last: i + 2, reason: 'pattern:date', strength: 'date' });
  }
  return out;
}
