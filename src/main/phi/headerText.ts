/**
 * The PHI matcher applied to header text (descriptions, code meanings, device text) rather than
 * to OCR'd words: the same identifier sets and allowlist as the pixel matcher, with the patterns
 * tuned for typed text. A typed header is no OCR output, so a short mixed word ("MR750", "VB17A")
 * is a model or version, not an ID, and "7.4.0017" is a version, not a date: an ID pattern counts
 * with a run of six digits (five beside a letter), a date pattern only with a four-digit year from
 * 1900 on or a month name. Measured on the shared corpus, these cut the removals of software
 * versions and processing codes to none while every identifier match still counts.
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
const YEAR = '(?:19|20)\\d{2}';
/** Numeric dates as typed, with a four-digit year: 20240315, 2024-03-15, 15.03.2024, 3/15/2024. */
const TYPED_DATE = new RegExp(`(?:^|\\D)(?:${YEAR}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])|${YEAR}[-/.]\\d{1,2}[-/.]\\d{1,2}|\\d{1,2}[-/.]\\d{1,2}[-/.]${YEAR})(?!\\d)`);
/** The matcher calls a lettered word a date only for a month name (`15-MAR-24`, `MAR` of `15 MAR 24`). */
const MONTH_WORD = /\p{L}{3}/u;

/** What kinds of match count: every kind, or (device text: a manufacturer, a model) only the patient's own identifiers. */
type HeaderTextScope = 'all' | 'identifiers';

function idLike(word: string): boolean {
  return word.split(/[^\p{L}\p{N}]+/u).some((part) => {
    const digits = (part.match(/\p{N}/gu) ?? []).length;
    return digits >= 6 || (digits >= 5 && digits < part.length);
  });
}

function counts(reason: string | undefined, word: string, scope: HeaderTextScope): boolean {
  if (!reason || reason === 'allow' || reason === 'all-text') return false;
  if (reason.startsWith('pattern:')) {
    if (scope === 'identifiers') return false;
    if (reason === 'pattern:date') return TYPED_DATE.test(word) || MONTH_WORD.test(word);
    return reason === 'pattern:id' && idLike(word);
  }
  if (scope === 'identifiers') return reason.startsWith('name:') || reason.startsWith('id:') || reason.startsWith('date:');
  return true;
}

/**
 * Matches one header value against every identifier set in `sets` (the patient's values, the
 * values the profile removed from the same file). A word matches when it is one of the
 * identifiers (exactly, with one error, or glued to other text), or looks like a date, or like an
 * ID with five digits or more; times and short codes do not count.
 */
export function matchHeaderText(text: string, sets: readonly IdentifierSet[], allow: Allowlist, scope: HeaderTextScope = 'all'): HeaderTextMatch {
  const tokens = [...text.matchAll(WORD)].map((m) => ({ word: m[0], at: m.index }));
  const words = tokens.map((t) => t.word);
  const hit = new Array<boolean>(words.length).fill(false);
  const reasons = new Set<string>();
  if (words.length) {
    for (const set of sets) {
      matchWords(words, set, allow).forEach((r, i) => {
        if (r.matched && counts(r.reason, words[i], scope)) {
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
