/**
 * From the words OCR found in one frame to the boxes proposed for redaction: each text line is
 * matched as a whole (so split dates are caught), and a word is also proposed when any other
 * variant's reading of it matches.
 */
import type { Allowlist } from '../phi/defaultAllowlist';
import type { OcrRect } from './ocrFrame';
import type { IdentifierSet, MatchOptions } from '../phi/phiMatch';
import { matchText, matchWords } from '../phi/phiMatch';

/** A box proposed for redaction and why. */
export interface RedactionProposal {
  rect: OcrRect;
  /** The match reason, e.g. `name:MULLER` or `pattern:date`. */
  reason: string;
}

/** Proposes the rects of one frame (or overlay) whose text is identifying, in reading order. */
export function proposeRedactions(
  rects: readonly OcrRect[],
  set: IdentifierSet,
  allow: Allowlist,
  opts: MatchOptions = {},
): RedactionProposal[] {
  const lines = new Map<number, OcrRect[]>();
  for (const rect of rects) {
    const line = lines.get(rect.line) ?? [];
    line.push(rect);
    lines.set(rect.line, line);
  }
  const proposals: RedactionProposal[] = [];
  for (const line of [...lines.keys()].sort((a, b) => a - b).map((k) => lines.get(k) ?? [])) {
    const words = [...line].sort((a, b) => a.box.x - b.box.x);
    const verdicts = matchWords(
      words.map((w) => w.text),
      set,
      allow,
      opts,
    );
    words.forEach((rect, i) => {
      let verdict = verdicts[i];
      // Another reading may name the identifier where the best one only looks like an ID.
      for (const alternative of rect.alternatives) {
        if (verdict.matched && !verdict.reason?.startsWith('pattern:')) break;
        const other = matchText(alternative, set, allow, opts);
        if (other.matched && (!verdict.matched || !other.reason?.startsWith('pattern:'))) verdict = other;
      }
      if (verdict.matched) proposals.push({ rect, reason: verdict.reason ?? 'matched' });
    });
  }
  return proposals;
}
