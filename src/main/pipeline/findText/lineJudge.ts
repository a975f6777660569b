/**
 * The judge of the find-text stage: a detected line is kept only when it was read with confidence
 * and every word of it is explained as harmless; a line that names the patient, matches a PHI
 * pattern, cannot be read, or holds a word nothing explains is burned, whole.
 */
import type { JudgeLine } from '../../ocr/textFinder';
import type { MatchContext } from '../../ocr/readWords';
import { isAllowed } from '../../phi/defaultAllowlist';
import { matchWords } from '../../phi/phiMatch';

/** Below this recogniser confidence a line is "unreadable text", whatever it seems to say. */
const MIN_CONFIDENCE = 70;

/** The judge for one patient's images. */
export function lineJudge(match: MatchContext): JudgeLine {
  return (line) => {
    const words = line.text.split(/\s+/).filter((w) => w !== '');
    if (words.length === 0 || line.confidence < MIN_CONFIDENCE) return { keep: false, reason: 'unreadable text' };
    if (match.redactAllText) return { keep: false, reason: 'all-text' };
    const matched = matchWords(words, match.identifiers, match.allowlist).find((m) => m.matched);
    if (matched) return { keep: false, reason: matched.reason ?? 'matched' };
    if (words.every((w) => isAllowed(w, match.allowlist))) return { keep: true, reason: 'explained: allowlist' };
    return { keep: false, reason: 'unexplained text' };
  };
}
