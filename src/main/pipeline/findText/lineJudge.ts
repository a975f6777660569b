/**
 * The judge of the find-text stage (`phi/explainLine.ts` over what the recogniser read): a
 * detected line is kept only when it was read with confidence and every word of it is explained as
 * harmless; a line that names the patient, matches a PHI pattern or a deny-listed term, cannot be
 * read, or holds a word nothing explains is burned, whole (after a field label, the rest of it).
 */
import { explainLine, type LineContext, type ReadLine } from '../../phi/explainLine';
import type { MatchContext } from './patientMatcher';
import type { RecognizedLine } from '../../ocr/textEngines';
import type { JudgeLine } from '../../ocr/textFinder';

/** The recogniser's line as the explanation rules take it: words split at spaces, with their extent. */
function readLineOf(line: RecognizedLine): ReadLine {
  const confidence = line.confidence / 100;
  const words: ReadLine['words'][number][] = [];
  let current: { text: string; x0: number; x1: number } | undefined;
  for (const c of line.chars) {
    if (c.text.trim() === '') {
      if (current) words.push({ ...current, confidence });
      current = undefined;
      continue;
    }
    if (current) {
      current.text += c.text;
      current.x1 = Math.max(current.x1, c.x1);
    } else current = { text: c.text, x0: c.x0, x1: c.x1 };
  }
  if (current) words.push({ ...current, confidence });
  // Without character positions the rules split the text themselves (and burn only whole lines).
  return { text: line.text, confidence, words: words.map((w) => w.text).join(' ') === line.text.trim().replace(/\s+/g, ' ') ? words : [] };
}

/** The judge for one patient's images. */
export function lineJudge(match: MatchContext): JudgeLine {
  const ctx: LineContext = { identifiers: match.identifiers, allow: match.allowlist, deny: match.denylist };
  return (line) => {
    if (match.redactAllText && /[\p{L}\p{N}]/u.test(line.text)) return { keep: false, reason: 'all-text' };
    const verdict = explainLine(readLineOf(line), ctx);
    if (verdict.keep) return { keep: true, reason: 'explained' };
    // After a field label (`Name:`), only the rest of a horizontal line is burned.
    return !verdict.burn.whole && line.rotation === 0 ? { keep: false, reason: verdict.reason, from: verdict.burn.x0 } : { keep: false, reason: verdict.reason };
  };
}
