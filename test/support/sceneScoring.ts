/**
 * How the text engines' tests and benchmark score a read against what a fixture drew: whether
 * detected boxes cover a string's ink, and whether a read is the string give or take the OCR
 * damage the line matcher forgives (issue 9: one edit per 5 characters).
 */
import type { PixelBox } from '../pixelText/renderText';

/** Upper case, letters and digits only: spacing and punctuation are not what a reader is judged on. */
function squash(text: string): string {
  return text.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** Levenshtein distance. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length];
}

/** True when `read` contains `expected` with at most one edit per 5 characters. */
export function readsAs(read: string, expected: string): boolean {
  const want = squash(expected);
  const got = squash(read);
  const budget = Math.floor(want.length / 5);
  if (got.includes(want)) return true;
  // The best-matching window of `got`, a little shorter or longer than `want`.
  for (let len = Math.max(1, want.length - budget); len <= want.length + budget; len++) {
    for (let start = 0; start + len <= got.length; start++) {
      if (editDistance(got.slice(start, start + len), want) <= budget) return true;
    }
  }
  return false;
}

/** The share (0–1) of `ink`'s pixels inside at least one of `boxes`. */
export function inkCoverage(ink: PixelBox, boxes: readonly PixelBox[]): number {
  if (ink.w <= 0 || ink.h <= 0) return 1;
  let inside = 0;
  for (let y = ink.y; y < ink.y + ink.h; y++) {
    for (let x = ink.x; x < ink.x + ink.w; x++) {
      if (boxes.some((b) => x >= b.x && x < b.x + b.w && y >= b.y && y < b.y + b.h)) inside++;
    }
  }
  return inside / (ink.w * ink.h);
}

/** The boxes that overlap `ink`. */
export function overlapping<B extends PixelBox>(ink: PixelBox, boxes: readonly B[]): B[] {
  return boxes.filter((b) => b.x < ink.x + ink.w && ink.x < b.x + b.w && b.y < ink.y + ink.h && ink.y < b.y + b.h);
}
