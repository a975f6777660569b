/**
 * The PHI matcher applied to header text (descriptions, code meanings, device text) rather than
 * to OCR'd words: the same identifier sets and allowlist as the pixel matcher, with the patterns
 * tuned for typed text. A typed header is no OCR output, so a short mixed word ("MR750", "VB17A")
 * is a model or version, not an ID; an ID pattern counts only with five digits or more.
 */
import type { Allowlist } from './defaultAllowlist';
import { matchWords, type IdentifierSet } from './phiMatch';

/** What the matcher found in one header value. */
interface HeaderTextMatch {
  matched: boolean;
  /** The match reasons (`name:DOE`, `id:L03-02246`, `pattern:date`), never the matched text. */
  reasons: string[];
  /** The value with every matched word replaced by `*`. */
  cleaned: string;
}

/** Words of a header value: runs between spaces and the DICOM and list delimiters. */
const WORD = /[^\s\\^=;,|()[\]{}"']+/gu;
const MIN_ID_DIGITS = 5;

function counts(reason: string | undefined, word: string): boolean {
  if (!reason || reason === 'allow' || reason === 'all-text') return false;
  if (reason === 'pattern:date') return true;
  if (reason === 'pattern:id') return (word.match(/\p{N}/gu) ?? []).length >= MIN_ID_DIGITS;
  return !reason.startsWith('pattern:');
}

/**
 * Matches one header value against every identifier set in `sets` (the patient's values, the
 * values the profile removed from the same file). A word matches when it is one of the
 * identifiers (exactly, with one error, or glued to other text), or looks like a date, or like an
 * ID with five digits or more; times and short codes do not count.
 */
export function matchHeaderText(text: string, sets: readonly IdentifierSet[], allow: Allowlist): HeaderTextMatch {
  const tokens = [...text.matchAll(WORD)].map((m) => ({ word: m[0], at: m.index }));
  const words = tokens.map((t) => t.word);
  const hit = new Array<boolean>(words.length).fill(false);
  const reasons = new Set<string>();
  if (words.length) {
    for (const set of sets) {
      matchWords(words, set, allow).forEach((r, i) => {
        if (r.matched && counts(r.reason, words[i])) {
          hit[i] = true;
          reasons.add(r.reason as string);
        }
      });
    }
  }
  let cleaned = text;
  for (let i = tokens.length - 1; i >= 0; i--) {
    if (hit[i]) cleaned = `${cleaned.slice(0, tokens[i].at)}*${cleaned.slice(tokens[i].at + tokens[i].word.length)}`;
  }
  return { matched: reasons.size > 0, reasons: [...reasons].sort(), cleaned };
}
