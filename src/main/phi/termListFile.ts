/**
 * Reads a list of terms in dicompixelanon's `ocr_allowlist_regex.txt` format: one Python regular
 * expression per line, each matched against the whole of an OCR'd text (`re.fullmatch`), most of
 * them written `(?i)WORD`. A line that is only a word (case-insensitive, or without letters) is
 * stored as a word, which the matchers compare the way they compare all OCR text; every other
 * line as a pattern. One invalid line refuses the whole file, with its number.
 */
import { err, ok, type Result } from '../../shared/result';
import { checkTerm, type PixelTerm, type TermList } from './pixelTerms';

/** Why a file was refused: the 1-based line and what is wrong with it. */
interface TermFileError {
  line: number;
  message: string;
}

/** Letters, digits and the punctuation words carry; no regular-expression syntax (not even `.`). */
const LITERAL = /^[\p{L}\p{N} ,:;'/%#&_-]+$/u;

/** The terms of a list file, in file order, without repeats; blank lines are skipped. */
export function parseTermFile(text: string, list: TermList): Result<PixelTerm[], TermFileError> {
  const terms: PixelTerm[] = [];
  const seen = new Set<string>();
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n].replace(/\r$/, '');
    if (line.trim() === '') continue;
    const caseless = /^\(\?i\)/.exec(line);
    const body = caseless ? line.slice(caseless[0].length) : line;
    const asWord = LITERAL.test(body) && (caseless !== null || !/\p{L}/u.test(body));
    const checked = asWord ? checkTerm(list, 'word', body) : checkTerm(list, 'regex', line);
    if (!checked.ok) return err({ line: n + 1, message: checked.error.message });
    const key = `${checked.value.kind}:${checked.value.term}`;
    if (seen.has(key)) continue;
    seen.add(key);
    terms.push(checked.value);
  }
  return ok(terms);
}
