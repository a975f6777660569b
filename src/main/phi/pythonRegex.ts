/**
 * Python `re` patterns as JavaScript regular expressions. Lists such as dicompixelanon's
 * `ocr_allowlist_regex.txt` are written for Python (`(?i)` in front, `(?P<name>…)`, `\Z`); the
 * few constructs that differ are rewritten, and those JavaScript cannot express are refused
 * rather than guessed at, so an imported list means what its author meant or is not imported.
 */
import { err, ok, type Result } from '../../shared/result';

/** A pattern ready for `new RegExp(source, flags)`. */
interface JsPattern {
  source: string;
  flags: string;
}

/** Python's global flags and what they become; `a` and `u` change nothing for the text OCR reads. */
const FLAG_MAP: Readonly<Record<string, string | null>> = { i: 'i', m: 'm', s: 's', a: '', u: '', x: null, L: null };

/**
 * Rewrites a Python pattern: leading global flags (`(?i)`, `(?ms)`) become flags, `(?P<n>` and
 * `(?P=n)` named groups, `\A` and `\Z` anchors. Refuses verbose (`x`) and locale (`L`) flags and
 * global flags anywhere but at the start (an error in Python too). Does not compile the result.
 */
export function fromPythonRegex(pattern: string): Result<JsPattern, string> {
  let rest = pattern;
  const flags = new Set<string>();
  for (let m = /^\(\?([a-zA-Z]+)\)/.exec(rest); m; m = /^\(\?([a-zA-Z]+)\)/.exec(rest)) {
    for (const f of m[1]) {
      const mapped = FLAG_MAP[f];
      if (mapped === undefined) return err(`unknown flag "${f}"`);
      if (mapped === null) return err(`the (?${f}) flag is not supported`);
      if (mapped) flags.add(mapped);
    }
    rest = rest.slice(m[0].length);
  }
  let out = '';
  let inClass = false;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i];
    if (c === '\\') {
      const next = rest[i + 1] ?? '';
      if (!inClass && next === 'A') out += '^';
      else if (!inClass && next === 'Z') out += '$';
      else out += c + next;
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // A `]` first in a class is a literal in Python; JavaScript needs it escaped.
      if (rest[i + 1] === '^') {
        out += '^';
        i++;
      }
      if (rest[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (rest.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
      continue;
    }
    const backref = /^\(\?P=(\w+)\)/.exec(rest.slice(i));
    if (backref) {
      out += `\\k<${backref[1]}>`;
      i += backref[0].length - 1;
      continue;
    }
    if (/^\(\?[a-zA-Z]+\)/.test(rest.slice(i))) return err('global flags must be at the start of the pattern');
    out += c;
  }
  return ok({ source: out, flags: [...flags].sort().join('') });
}

/**
 * A regular expression that matches only the whole text (Python's `re.fullmatch`), from a Python
 * or JavaScript pattern; the compiler's message when it is not a valid pattern.
 */
export function compileFullMatch(pattern: string): Result<RegExp, string> {
  const js = fromPythonRegex(pattern);
  if (!js.ok) return js;
  try {
    return ok(new RegExp(`^(?:${js.value.source})$`, js.value.flags));
  } catch (e) {
    return err((e as Error).message.replace(/^Invalid regular expression: /, ''));
  }
}

/** Like {@link compileFullMatch}, but finds the pattern anywhere in the text (Python's `re.search`). */
export function compileSearch(pattern: string): Result<RegExp, string> {
  const js = fromPythonRegex(pattern);
  if (!js.ok) return js;
  try {
    return ok(new RegExp(js.value.source, js.value.flags));
  } catch (e) {
    return err((e as Error).message.replace(/^Invalid regular expression: /, ''));
  }
}
