/**
 * One detected text line as the explanation rules see it: its words in reading order, each with
 * where it sits in the line's text and its OCR skeleton.
 */
import { normalizeText, skeleton } from './textNormalize';

/** A word of a line as read: text, confidence (0 to 1) and horizontal extent in pixels. */
interface ReadLineWord {
  text: string;
  confidence: number;
  x0: number;
  x1: number;
}

/** One detected text line as read by a recogniser. */
export interface ReadLine {
  text: string;
  /** The recogniser's confidence in the whole line, 0 to 1. */
  confidence: number;
  /** The words of the line in reading order; empty when the engine gives only the line's text. */
  words: readonly ReadLineWord[];
}

/** A word prepared for matching. */
export interface LineToken extends ReadLineWord {
  /** Where the word is in the line's text (`start` inclusive, `end` exclusive). */
  start: number;
  end: number;
  /** `skeleton()` of the word: letters and digits, OCR look-alikes folded. */
  skeleton: string;
  /** Upper case, accents stripped. */
  normal: string;
  /** True when the word has a letter or a digit (a `|` or `--` is a mark, not text). */
  hasText: boolean;
}

/** The tokens of a line, and whether their offsets are in `line.text` (else in their own joined text). */
interface LineTokens {
  tokens: LineToken[];
  /** The text offsets refer to: `line.text` when every word was found in it in order. */
  text: string;
  /** False when the words had no place in `line.text` or no pixel extent: only the whole line can be burned. */
  positioned: boolean;
}

/** Splits a line into tokens; a line without words is split on white space (then not positioned). */
export function tokenizeLine(line: ReadLine): LineTokens {
  const given = line.words.length > 0;
  const words: ReadLineWord[] = given
    ? line.words.flatMap(splitGluedLabel)
    : line.text.split(/\s+/).filter((w) => w !== '').map((text) => ({ text, confidence: line.confidence, x0: 0, x1: 0 }));
  let text = line.text;
  let offsets = locate(words, text);
  if (!offsets) {
    text = words.map((w) => w.text).join(' ');
    offsets = locate(words, text) ?? [];
  }
  const tokens = words.map((w, i): LineToken => ({
    ...w,
    start: offsets[i][0],
    end: offsets[i][1],
    skeleton: skeleton(w.text),
    normal: normalizeText(w.text),
    hasText: /[\p{L}\p{N}]/u.test(w.text),
  }));
  return { tokens, text, positioned: given && text === line.text };
}

/**
 * `Referring:Dr` read as one word is a field label and its value: two words, the label's extent
 * taken by its share of the characters (so the label can be kept and the value burned).
 */
function splitGluedLabel(w: ReadLineWord): ReadLineWord[] {
  const m = /^(\p{L}{2,}:)([\p{L}\p{N}].*)$/u.exec(w.text);
  if (!m) return [w];
  const at = w.x0 + ((w.x1 - w.x0) * m[1].length) / w.text.length;
  return [
    { text: m[1], confidence: w.confidence, x0: w.x0, x1: at },
    { text: m[2], confidence: w.confidence, x0: at, x1: w.x1 },
  ];
}

function locate(words: readonly ReadLineWord[], text: string): [number, number][] | null {
  const out: [number, number][] = [];
  let from = 0;
  for (const w of words) {
    const at = text.indexOf(w.text, from);
    if (at < 0 || w.text === '') return null;
    out.push([at, at + w.text.length]);
    from = at + w.text.length;
  }
  return out;
}

/** The text of tokens `i..j` (inclusive) as one string, words joined by single spaces. */
export function runText(tokens: readonly LineToken[], i: number, j: number): string {
  return tokens.slice(i, j + 1).map((t) => t.text).join(' ');
}
