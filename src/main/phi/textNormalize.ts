/**
 * Normal forms for comparing OCR output with header values: case-folded, accents stripped, and an
 * "OCR skeleton" in which characters tesseract confuses (O/0, I/l/1, S/5, B/8) are the same.
 */

/** Letters that NFKD does not decompose into a base letter plus marks. */
const UNDECOMPOSABLE: Record<string, string> = {
  ß: 'SS',
  ẞ: 'SS',
  Æ: 'AE',
  æ: 'AE',
  Ø: 'O',
  ø: 'O',
  Œ: 'OE',
  œ: 'OE',
  Ł: 'L',
  ł: 'L',
  Đ: 'D',
  đ: 'D',
  Þ: 'TH',
  þ: 'TH',
  ı: 'I',
};
const UNDECOMPOSABLE_RE = new RegExp(`[${Object.keys(UNDECOMPOSABLE).join('')}]`, 'g');

/**
 * Upper case without accents: `Müller` -> `MULLER`, `Žofie` -> `ZOFIE`, `ß` -> `SS`. NFKD also
 * turns compatibility forms OCR emits (full-width digits, ligatures, `™`) into plain letters.
 */
export function normalizeText(text: string): string {
  return text
    .replace(UNDECOMPOSABLE_RE, (c) => UNDECOMPOSABLE[c])
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toUpperCase();
}

/**
 * The German transliteration (`Müller` -> `MUELLER`), which consoles without umlauts print;
 * null when the text has no umlaut.
 */
export function umlautTransliteration(text: string): string | null {
  if (!/[äöüÄÖÜ]/.test(text)) return null;
  const map: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', Ä: 'AE', Ö: 'OE', Ü: 'UE' };
  return normalizeText(text.replace(/[äöüÄÖÜ]/g, (c) => map[c]));
}

/** Maps the characters tesseract confuses onto one representative (applied to normalised text). */
const SKELETON: Record<string, string> = { O: '0', Q: '0', I: '1', L: '1', '|': '1', S: '5', B: '8' };

/** Letters and digits only, normalised and folded for OCR confusions: `MRN-A-7781` -> `MRNA7781`, `Bob` -> `808`. */
export function skeleton(text: string): string {
  return normalizeText(text)
    .replace(/[OQIL|SB]/g, (c) => SKELETON[c])
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** Letters and digits only, normalised but not folded. */
export function compactText(text: string): string {
  return normalizeText(text).replace(/[^\p{L}\p{N}]/gu, '');
}

/** The letter/digit runs of `text`, normalised (not folded): `Müller^Jürgen` -> [`MULLER`, `JURGEN`]. */
export function wordParts(text: string): string[] {
  return normalizeText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((p) => p !== '');
}

/** True when `a` and `b` differ by at most one insertion, deletion or substitution. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) return a.slice(i + 1) === b.slice(i + 1);
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** True when `a` and `b` differ by at most `k` insertions, deletions or substitutions. */
export function withinEdits(a: string, b: string, k: number): boolean {
  if (Math.abs(a.length - b.length) > k) return false;
  if (k <= 1) return k === 1 ? withinOneEdit(a, b) : a === b;
  // One row of the Levenshtein table at a time, stopping once every cell is over `k`.
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
      best = Math.min(best, row[j]);
    }
    if (best > k) return false;
    previous = row;
  }
  return previous[b.length] <= k;
}
