/**
 * Which boxes the viewer shows on a frame, in reading order, and which box a keyboard command
 * acts on: the selected one, else the first proposal; after a decision, the next proposal.
 */
import type { ViewerBox } from '../viewer/viewerBox';
import { isDecidable } from '../viewer/viewerBox';
import type { SaveState } from './decisionSaves';
import type { RectView } from './useImageReview';

/**
 * The boxes on `frame` (frame-specific ones plus those for every frame), top to bottom, left to
 * right, each with the save state of its latest decision.
 */
export function boxesOnFrame(rects: readonly RectView[], frame: number, saves: ReadonlyMap<number, SaveState> = new Map()): ViewerBox[] {
  return rects
    .filter((r) => r.frame === null || r.frame === frame)
    .map((r) => ({
      id: r.rectId,
      x: r.x,
      y: r.y,
      w: r.w,
      h: r.h,
      status: r.status,
      source: r.source,
      text: r.text,
      reason: r.reason,
      confidence: r.confidence,
      save: saves.get(r.rectId) ?? null,
    }))
    .sort((a, b) => a.y - b.y || a.x - b.x || a.id - b.id);
}

/** The box A or R acts on: the selection if it can be decided, else the first proposal. */
export function pickTarget(boxes: readonly ViewerBox[], selectedId: number | null): number | null {
  const selected = boxes.find((b) => b.id === selectedId);
  if (selected !== undefined && isDecidable(selected)) return selected.id;
  return boxes.find((b) => b.status === 'proposed' && isDecidable(b))?.id ?? null;
}

/** The next proposal after box `id` in reading order, wrapping round; null when none is left. */
export function proposedAfter(boxes: readonly ViewerBox[], id: number): number | null {
  const start = boxes.findIndex((b) => b.id === id);
  for (let k = 1; k < boxes.length; k++) {
    const b = boxes[(start + k + boxes.length) % boxes.length];
    if (b.id !== id && b.status === 'proposed' && isDecidable(b)) return b.id;
  }
  return null;
}

/** The box `delta` steps from the selection, wrapping round; the first (or last) box when none is selected. */
export function nextBoxId(boxes: readonly ViewerBox[], selectedId: number | null, delta: 1 | -1): number | null {
  if (boxes.length === 0) return null;
  const index = boxes.findIndex((b) => b.id === selectedId);
  if (index < 0) return delta > 0 ? boxes[0].id : boxes[boxes.length - 1].id;
  return boxes[(index + delta + boxes.length) % boxes.length].id;
}
