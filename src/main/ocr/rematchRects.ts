import type { Rect } from '../../shared/model/rects';
import { assignLines, type OcrRect } from './ocrFrame';
import { proposeRedactions } from './proposeRedactions';
import type { MatchContext } from './readWords';

/**
 * Judges stored OCR text again (the words of each frame or overlay regrouped into lines, as the
 * first match saw them) and returns the unflagged boxes that are identifying now, with why.
 * Stored rows keep only the best reading of each word, so alternatives cannot be consulted.
 */
export function rematchStoredRects(rects: readonly Rect[], match: MatchContext): { id: number; reason: string }[] {
  const groups = new Map<string, Rect[]>();
  for (const r of rects) {
    if (r.source !== 'ocr' || r.text === null) continue;
    const key = `${r.plane}:${r.overlayGroup ?? ''}:${r.frame ?? 'all'}`;
    const list = groups.get(key) ?? [];
    list.push(r);
    groups.set(key, list);
  }
  const out: { id: number; reason: string }[] = [];
  for (const list of groups.values()) {
    // assignLines copies the words but keeps their box objects: the box finds the row again.
    const rowOf = new Map<OcrRect['box'], Rect>();
    const words = list.map((r): OcrRect => {
      const box = { x: r.x, y: r.y, w: r.w, h: r.h };
      rowOf.set(box, r);
      return { box, text: r.text as string, confidence: r.confidence ?? 0, alternatives: [], variants: [], line: -1 };
    });
    for (const p of proposeRedactions(assignLines(words), match.identifiers, match.allowlist, { redactAllText: match.redactAllText, deny: match.denylist })) {
      const row = rowOf.get(p.rect.box);
      if (row && row.status === 'unflagged') out.push({ id: row.id, reason: p.reason });
    }
  }
  return out;
}
