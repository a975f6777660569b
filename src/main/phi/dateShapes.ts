/**
 * Dates compared by their shape: digits, letters and separators, so `2023.01.20` read as
 * `3.01.20`, `7 Mar 24` read as `Mar 24` or `202!` are recognised as parts of the patient's date
 * while a frame counter `45/120` is not taken for `45/01/20` (a plain one-edit comparison of
 * letters and digits only would take it).
 */

/** Letters OCR reads in place of digits, folded next to a digit. */
const DIGIT_OF: Readonly<Record<string, string>> = { O: '0', Q: '0', I: '1', L: '1', '|': '1', S: '5', B: '8' };
/** Marks OCR prints for a character it could not read, taken as "some digit" next to a digit. */
const UNREAD = new Set(['!', '?', '*', '#', '~']);

/**
 * The shape of date-like text: upper case digits and letters, every run of separators as one `-`,
 * look-alike letters and unreadable marks beside a digit as a digit or `?`.
 */
export function dateShape(text: string): string {
  const upper = text.normalize('NFKD').replace(/\p{M}/gu, '').toUpperCase();
  const chars = [...upper];
  const isDigit = (c: string | undefined): boolean => c !== undefined && /\d/.test(c);
  let out = '';
  chars.forEach((c, i) => {
    const nearDigit = isDigit(chars[i - 1]) || isDigit(chars[i + 1]);
    // A look-alike inside a word (`OCT`, `11SEP01`) stays a letter: only one between digits and marks folds.
    const nearLetter = /[A-Z]/.test(chars[i - 1] ?? '') || /[A-Z]/.test(chars[i + 1] ?? '');
    if (/\d/.test(c)) out += c;
    else if (nearDigit && !nearLetter && DIGIT_OF[c] !== undefined) out += DIGIT_OF[c];
    else if (nearDigit && UNREAD.has(c)) out += '?';
    else if (/[A-Z]/.test(c)) out += c;
    else out += '-';
  });
  return out.replace(/-+/g, '-').replace(/^-|-$/g, '');
}

const isDigitChar = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isWordChar = (c: string | undefined): boolean => c !== undefined && (isDigitChar(c) || (c >= 'A' && c <= 'Z') || c === '?');
const count = (s: string, test: (c: string) => boolean): number => {
  let n = 0;
  for (const c of s) if (test(c)) n++;
  return n;
};

/**
 * True when `form` (a shape) occurs in `read` (a shape) on a boundary, with `?` in `read` matching
 * any digit and at most one digit read wrong per five digits of the form.
 */
export function containsDate(read: string, form: string): boolean {
  if (read.length < form.length) return false;
  const digits = count(form, isDigitChar);
  const allowed = Math.floor(digits / 5);
  for (let at = 0; at + form.length <= read.length; at++) {
    if (at > 0 && isWordChar(read[at - 1])) continue;
    if (isWordChar(read[at + form.length])) continue;
    let wrong = 0;
    let fits = true;
    for (let k = 0; k < form.length && fits; k++) {
      const r = read[at + k];
      const f = form[k];
      if (r === f || (r === '?' && isDigitChar(f))) continue;
      if (isDigitChar(r) && isDigitChar(f) && ++wrong <= allowed) continue;
      fits = false;
    }
    if (fits) return true;
  }
  return false;
}

/**
 * True when `read` (a shape) is a piece of `form` (a shape): a partial read of the date, with at
 * least four characters (three read, at most one unreadable) and a digit among them.
 */
export function isDateFragment(read: string, form: string): boolean {
  if (read.length > form.length || count(read, isWordChar) < 4) return false;
  const unread = count(read, (c) => c === '?');
  if (unread > 1 || !/\d/.test(read)) return false;
  if (unread === 0) return form.includes(read);
  for (let at = 0; at + read.length <= form.length; at++) {
    let fits = true;
    for (let k = 0; k < read.length && fits; k++) {
      const r = read[k];
      const f = form[at + k];
      fits = r === f || (r === '?' && isDigitChar(f));
    }
    if (fits) return true;
  }
  return false;
}
