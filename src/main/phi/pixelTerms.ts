/**
 * The user's allow and deny lists for pixel text (per project, stored by `db/pixelTermsRepo.ts`):
 * what a term is, which terms are acceptable, and the compiled forms the matchers use.
 *
 * A word is compared as OCR text is (case and accents ignored; a term with spaces is a phrase of
 * consecutive words). A regular expression (Python or JavaScript syntax) on the allowlist must
 * match whole words, one or several in a row, as read; on the denylist it burns a line wherever
 * it is found in it.
 */
import { CodedError } from '../../shared/codedError';
import { err, ok, type Result } from '../../shared/result';
import type { AllowlistEntries } from './defaultAllowlist';
import { compileFullMatch, compileSearch } from './pythonRegex';
import { normalizeText, skeleton, wordParts } from './textNormalize';

/** Which list a term is on. */
export type TermList = 'allow' | 'deny';
/** How a term is compared. */
export type TermKind = 'word' | 'regex';

/** One entry of a project's allow or deny list. */
export interface PixelTerm {
  list: TermList;
  kind: TermKind;
  /** As the user wrote it (trimmed). */
  term: string;
}

/** Codes of {@link PixelTermError}. */
type PixelTermErrorCode =
  /** Nothing to compare with: empty, or no letter or digit in a word. */
  | 'TERM_EMPTY'
  /** Longer than a term may be. */
  | 'TERM_TOO_LONG'
  /** Not a valid regular expression, or one that uses syntax JavaScript cannot follow. */
  | 'TERM_INVALID_PATTERN'
  /** A pattern that would match any text (or none), so it would explain or burn everything. */
  | 'TERM_TOO_BROAD';

/** A term that cannot be listed. */
class PixelTermError extends CodedError<PixelTermErrorCode> {
  constructor(code: PixelTermErrorCode, message: string) {
    super(code, message);
    this.name = 'PixelTermError';
  }
}

const MAX_WORD = 200;
const MAX_PATTERN = 4000;
/**
 * Text no harmless-text pattern has a reason to match: an allow pattern that explains one of
 * these would explain a name or an ID too (`.*`, `\w+`, `[A-Z ]+`).
 */
const NONSENSE = ['QXZVKJWPLM', 'qxzvkjwplm', 'Q7X9Z2K4W', 'QX ZV KJ WP', 'Qxzv Kjwp'];

/** The term as it will be stored, or why it cannot be. */
export function checkTerm(list: TermList, kind: TermKind, raw: string): Result<PixelTerm, PixelTermError> {
  const term = raw.trim();
  if (term === '') return err(new PixelTermError('TERM_EMPTY', 'the term is empty'));
  if (kind === 'word') {
    if (term.length > MAX_WORD) return err(new PixelTermError('TERM_TOO_LONG', `a word may have at most ${MAX_WORD} characters`));
    if (wordParts(term).length === 0) return err(new PixelTermError('TERM_EMPTY', `"${term}" has no letter or digit`));
    return ok({ list, kind, term });
  }
  if (term.length > MAX_PATTERN) return err(new PixelTermError('TERM_TOO_LONG', `a pattern may have at most ${MAX_PATTERN} characters`));
  const compiled = list === 'allow' ? compileFullMatch(term) : compileSearch(term);
  if (!compiled.ok) return err(new PixelTermError('TERM_INVALID_PATTERN', `invalid pattern: ${compiled.error}`));
  const re = compiled.value;
  if (re.test('')) return err(new PixelTermError('TERM_TOO_BROAD', 'the pattern matches empty text'));
  if (list === 'allow') {
    const swallowed = NONSENSE.find((s) => re.test(s));
    if (swallowed !== undefined) return err(new PixelTermError('TERM_TOO_BROAD', `the pattern would explain any text (it matches "${swallowed}")`));
  }
  return ok({ list, kind, term });
}

/** A deny-listed term prepared for matching; `label` is what the reason shows after `deny:`. */
interface DenyWord {
  label: string;
  /** `skeleton()` of each of its words: one for a word, two or more for a phrase. */
  words: readonly string[];
}

/** The denylist in the form the matchers use. */
export interface Denylist {
  words: readonly DenyWord[];
  /** Searched in the text of a whole line (and of each word) as read. */
  patterns: readonly { label: string; re: RegExp }[];
}

/** The lists' terms compiled: allowlist additions (for `buildAllowlist`) and the denylist. */
interface CompiledTerms {
  allow: AllowlistEntries;
  deny: Denylist;
}

/**
 * Compiles stored terms. A stored allowlist pattern that does not pass `checkTerm` is dropped,
 * which only makes more text burn; on the denylist it is an error,
 * since dropping it would keep text the user asked to burn.
 */
export function compileTerms(terms: readonly PixelTerm[]): CompiledTerms {
  const words: string[] = [];
  const regexes: RegExp[] = [];
  const denyWords: DenyWord[] = [];
  const denyPatterns: { label: string; re: RegExp }[] = [];
  for (const t of terms) {
    if (t.list === 'allow') {
      if (t.kind === 'word') words.push(t.term);
      else {
        // Checked again: a pattern stored by an older version (migrated from the global list) may be too broad.
        const re = checkTerm('allow', 'regex', t.term).ok ? compileFullMatch(t.term) : null;
        if (re?.ok) regexes.push(re.value);
      }
      continue;
    }
    if (t.kind === 'word') {
      const parts = wordParts(t.term).map((p) => skeleton(p));
      if (parts.length) denyWords.push({ label: normalizeText(t.term), words: parts });
      continue;
    }
    const re = compileSearch(t.term);
    if (!re.ok) throw new PixelTermError('TERM_INVALID_PATTERN', `denylist pattern ${t.term}: ${re.error}`);
    denyPatterns.push({ label: t.term, re: re.value });
  }
  return { allow: { words, regexes }, deny: { words: denyWords, patterns: denyPatterns } };
}

/** The denylist verdict on one word as read: the reason (`deny:<term>`) or null. */
export function deniedWord(text: string, deny: Denylist | undefined): string | null {
  if (!deny) return null;
  const whole = skeleton(text);
  const parts = wordParts(text).map((p) => skeleton(p));
  for (const d of deny.words) {
    if (d.words.length !== 1) continue;
    const key = d.words[0];
    // A long term is found inside glued text too; a short one ("KU") only as a word of its own.
    if (parts.includes(key) || whole === key || (key.length >= 4 && whole.includes(key))) return `deny:${d.label}`;
  }
  for (const p of deny.patterns) if (p.re.test(text)) return `deny:${p.label}`;
  return null;
}
