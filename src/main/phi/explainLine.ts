/**
 * The verdict on one detected text line: kept only when it was read with confidence and every
 * word in it is explained as harmless; burned otherwise, whole (after a field label, the rest of
 * the line), with the reason. Unknown text is burned: this is the rule that turns the pixel
 * pipeline from "burn what matched" into "keep what is proven harmless".
 */
import { allowedBy, matchesUserPattern, VALUE_WORDS, type Allowlist } from './defaultAllowlist';
import { findFieldLabels, type FieldLabel } from './fieldLabels';
import { findLineMatches, type LineMatch } from './lineMatches';
import { runText, tokenizeLine, type LineToken, type ReadLine } from './lineTokens';
import { looksLikeDateOrTime, type IdentifierSet } from './phiMatch';
import type { Denylist } from './pixelTerms';
import { normalizeText } from './textNormalize';

export type { ReadLine } from './lineTokens';

/** What a line is judged against. */
export interface LineContext {
  /** The patient's identifiers (`buildIdentifierSet`). */
  identifiers: IdentifierSet;
  /** Harmless text: the defaults and the project's allowlist (`buildAllowlist`). */
  allow: Allowlist;
  /** The project's denylist (`compileTerms`); absent: none. */
  deny?: Denylist;
  /** Below this confidence (0 to 1) a line or a word is not read with confidence; default {@link DEFAULT_MIN_CONFIDENCE}. */
  minConfidence?: number;
}

/** Lines and words read below this confidence are "unreadable text". */
export const DEFAULT_MIN_CONFIDENCE = 0.8;

/** The reasons a line is burned besides a match (`name:…`, `id:…`, `date:…`, `deny:…`, `pattern:…`). */
export const UNREADABLE = 'unreadable text';
export const UNEXPLAINED = 'unexplained text';

/** What to burn of a line. */
interface LineBurn {
  /** True when the whole line's region is burned; false when only what follows a field label is. */
  whole: boolean;
  /** Characters of `line.text` to burn, `[start, end)`. */
  start: number;
  end: number;
  /** Index of the first word burned. */
  firstWord: number;
  /** Left edge, in the words' pixels, of what is burned (the line's first word when whole). */
  x0: number;
}

/** Why one word is burned or kept. */
interface WordVerdict {
  burn: boolean;
  /** A match reason, `unreadable text`, `unexplained text`; or what explains it: `allow:word`, `allow:pattern`, `allow:value`, `label`, `mark`. */
  reason: string;
}

/** The verdict on a line. */
type LineVerdict =
  | { keep: true; reason: 'explained'; words: WordVerdict[] }
  | { keep: false; reason: string; burn: LineBurn; words: WordVerdict[] };

const STRENGTH_ORDER: Readonly<Record<LineMatch['strength'], number>> = { strong: 0, date: 1, weak: 2 };

/**
 * Judges one line as read. Order: a deny-listed term or the patient's own value anywhere burns
 * the line (the allowlist never explains them); a read below `minConfidence` burns it as
 * unreadable; otherwise every word must be explained (allowlist words and patterns, a parameter's
 * value, a unit's number, a field label, a mark with no letter or digit) and text that merely
 * looks like an ID, a date or a name one letter off burns unless the allowlist explains it.
 */
export function explainLine(line: ReadLine, ctx: LineContext): LineVerdict {
  const min = ctx.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  const { tokens, text, positioned } = tokenizeLine(line);
  const labels = findFieldLabels(tokens).filter((l) => !splitFromWord(tokens, l, ctx.allow));
  const { explained, patientValueFrom } = explainWords(tokens, labels, ctx.allow);
  const found = findLineMatches(tokens, ctx.identifiers, ctx.deny).map((m) => trimToText(m, tokens, explained));
  const readable = tokens.filter((t) => t.hasText);
  const unsure = line.confidence < min || readable.some((t) => t.confidence < min) || text.trim() === '';
  // Runs of words are tried (the costly part, with a long imported list) only when the verdict depends on them.
  if (!unsure && !found.some((m) => m.strength === 'strong')) explainRuns(tokens, explained, patientValueFrom, ctx.allow);
  const matches = found.filter((m) => {
    if (m.strength === 'strong') return true;
    const span = explained.slice(m.first, m.last + 1);
    // A date shape is overruled only by listed words; a weak match by anything the allowlist says.
    return m.strength === 'date' ? !span.every((e) => e === 'allow:word' || e === 'mark' || e === 'label') : !span.every((e) => e !== null);
  });
  matches.sort((a, b) => STRENGTH_ORDER[a.strength] - STRENGTH_ORDER[b.strength] || denyFirst(a, b) || a.first - b.first);

  const words: WordVerdict[] = tokens.map((_, i) => ({ burn: false, reason: explained[i] ?? UNEXPLAINED }));
  for (const m of [...matches].reverse()) for (let i = m.first; i <= m.last; i++) words[i] = { burn: true, reason: m.reason };
  if (matches.length === 0 && unsure) {
    return burned(UNREADABLE, tokens, text, words.map(() => ({ burn: true, reason: UNREADABLE })), 0, true);
  }
  const unexplained = explained.map((e, i) => (e === null ? i : -1)).filter((i) => i >= 0);
  for (const i of unexplained) if (!words[i].burn) words[i] = { burn: true, reason: UNEXPLAINED };
  if (matches.length === 0 && unexplained.length === 0) return { keep: true, reason: 'explained', words };

  const reason = matches[0]?.reason ?? UNEXPLAINED;
  const firstProblem = Math.min(...matches.map((m) => m.first), ...unexplained);
  // The rest of the line after the last label before the first problem; the whole line without one.
  const label = [...labels].reverse().find((l) => l.last < firstProblem);
  const from = label && positioned && !unsure ? label.last + 1 : 0;
  for (let i = from; i < tokens.length; i++) if (!words[i].burn) words[i] = { burn: true, reason };
  return burned(reason, tokens, text, words, from, from === 0);
}

/**
 * True when a label is the tail of a listed word the recogniser split with a space it imagined
 * (`O pt:` for `Opt:` on an ultrasound console): that is no field label, and what follows it is
 * judged as any other text.
 */
function splitFromWord(tokens: readonly LineToken[], label: FieldLabel, allow: Allowlist): boolean {
  const before = tokens[label.first - 1];
  const first = tokens[label.first];
  if (!before?.hasText || before.normal.length > 2 || !/^\p{L}+$/u.test(before.normal)) return false;
  return allowedBy(before.text.trim() + first.text.trim(), allow) === 'word';
}

/**
 * A match without the labels and marks at its ends: a run that found the ID in `ID: 31405926`
 * starts at the label, but the label is not what names the patient.
 */
function trimToText(m: LineMatch, tokens: readonly LineToken[], explained: readonly (string | null)[]): LineMatch {
  let { first, last } = m;
  const frame = (i: number): boolean => explained[i] === 'label' || !tokens[i].hasText;
  while (first < last && frame(first)) first++;
  while (last > first && frame(last)) last--;
  return { ...m, first, last };
}

/** Deny reasons first among equals: the user's own list says why most plainly. */
function denyFirst(a: LineMatch, b: LineMatch): number {
  return Number(!a.reason.startsWith('deny:')) - Number(!b.reason.startsWith('deny:'));
}

function burned(reason: string, tokens: readonly LineToken[], text: string, words: WordVerdict[], from: number, whole: boolean): LineVerdict {
  const first = tokens[from];
  return {
    keep: false,
    reason,
    burn: { whole, start: whole || !first ? 0 : first.start, end: text.length, firstWord: whole ? 0 : from, x0: first?.x0 ?? 0 },
    words,
  };
}

/** What explains each word on its own as harmless (null: nothing), and where a patient field's value starts. */
function explainWords(tokens: readonly LineToken[], labels: readonly FieldLabel[], allow: Allowlist): { explained: (string | null)[]; patientValueFrom: number } {
  const out: (string | null)[] = tokens.map(() => null);
  const labelled = new Set<number>();
  let patientValueFrom = Infinity;
  for (const l of labels) {
    for (let i = l.first; i <= l.last; i++) labelled.add(i);
    if (l.patientField) patientValueFrom = Math.min(patientValueFrom, l.last + 1);
  }
  const isNumber = (t: LineToken | undefined): boolean => t !== undefined && /^[<>~±+-]?\d+(?:[.,]\d+)?$/.test(t.normal.replace(/[,;]+$/, ''));
  const unitAfter = (i: number): boolean => {
    const next = tokens[i + 1];
    return next !== undefined && allow.words.has(next.normal.replace(/[.,;:]+$/, ''));
  };
  const valueWordBefore = (i: number): boolean => {
    let k = i - 1;
    while (k >= 0 && /^[:=]$/.test(tokens[k].text.trim())) k--;
    return k >= 0 && VALUE_WORDS.has(tokens[k].normal.replace(/[:=]+$/, ''));
  };
  tokens.forEach((t, i) => {
    if (!t.hasText) out[i] = 'mark';
    else if (labelled.has(i)) out[i] = 'label';
    else if (i >= patientValueFrom) out[i] = null;
    else if (isNumber(t) && (valueWordBefore(i) || unitAfter(i))) out[i] = 'allow:value';
    else {
      const by = allowedBy(t.text, allow, looksLikeDateOrTime) ?? gluedBy(t.text, allow);
      if (by) out[i] = `allow:${by}`;
    }
  });
  return { explained: out, patientValueFrom };
}

/**
 * A word the recogniser glued together from listed words (`TR500`, `T1SE`, `IM4`: the space between
 * a parameter and its value is narrow on many consoles): explained when it splits, at boundaries
 * between letters and digits, into two or three parts each explained on its own. Never for text
 * shaped like a date or a time.
 */
function gluedBy(word: string, allow: Allowlist): 'word' | 'pattern' | null {
  const text = word.trim();
  if (!/\p{L}/u.test(text) || !/\p{N}/u.test(text) || /\s/.test(text) || looksLikeDateOrTime(text)) return null;
  const cuts: number[] = [];
  for (let i = 1; i < text.length; i++) if (/\p{L}/u.test(text[i - 1]) !== /\p{L}/u.test(text[i]) && /[\p{L}\p{N}]/u.test(text[i - 1] + text[i])) cuts.push(i);
  const explains = (part: string): 'word' | 'pattern' | null => allowedBy(part, allow, looksLikeDateOrTime);
  for (const a of cuts) {
    const first = explains(text.slice(0, a));
    if (!first) continue;
    const rest = explains(text.slice(a));
    if (rest) return first === 'word' && rest === 'word' ? 'word' : 'pattern';
    for (const b of cuts) {
      if (b <= a) continue;
      const middle = explains(text.slice(a, b));
      const last = middle ? explains(text.slice(b)) : null;
      if (middle && last) return 'pattern';
    }
  }
  return null;
}

/** Longest run of words a listed phrase or pattern is tried on. */
const MAX_LISTED_RUN = 6;

/**
 * Explains words that several listed words explain together (`LEFT ERECT PORTABLE`, `1 of 3`, a
 * user's phrase or pattern), in place. Stops at the first word no run explains: the line burns
 * then, whatever the rest says.
 */
function explainRuns(tokens: readonly LineToken[], out: (string | null)[], patientValueFrom: number, allow: Allowlist): void {
  const end = Math.min(tokens.length, patientValueFrom);
  for (let u = 0; u < end; u++) {
    if (out[u] !== null) continue;
    for (let i = Math.max(0, u - MAX_LISTED_RUN + 1); i <= u && out[u] === null; i++) {
      for (let j = Math.max(u, i + 1); j < Math.min(end, i + MAX_LISTED_RUN) && out[u] === null; j++) {
        const run = runText(tokens, i, j);
        // A listed phrase, or a listed word the recogniser split with a space it imagined (`LA O`).
        const phrase = allow.words.has(normalizeText(run)) || (j - i < 3 && allowedBy(run.replace(/\s+/g, ''), allow, looksLikeDateOrTime) === 'word');
        if (!phrase && (looksLikeDateOrTime(run) || !matchesUserPattern(run, allow))) continue;
        for (let k = i; k <= j; k++) if (out[k] === null) out[k] = phrase ? 'allow:word' : 'allow:pattern';
      }
    }
    if (out[u] === null) return;
  }
}
