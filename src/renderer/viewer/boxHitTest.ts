/**
 * Which box a drag moves. The shape on top under the pointer may be an OCR box (it cannot move)
 * lying over the reviewer's own box: the drag then moves the box the reviewer can edit, the
 * selected one first, then the smallest manual or rule box under the pointer. Without one, a drag
 * on an OCR box draws a new box, as before.
 */
import type { Point } from './boxGeometry';
import { isEditable, type ViewerBox } from './viewerBox';

function contains(b: ViewerBox, p: Point): boolean {
  return p.x >= b.x && p.x <= b.x + b.w && p.y >= b.y && p.y <= b.y + b.h;
}

/** The editable box a drag starting at `p` (image pixels) moves, or null (the drag draws). */
export function editableBoxAt(p: Point, boxes: readonly ViewerBox[], selectedId: number | null): ViewerBox | null {
  const selected = boxes.find((b) => b.id === selectedId);
  if (selected !== undefined && isEditable(selected) && contains(selected, p)) return selected;
  const under = boxes.filter((b) => isEditable(b) && contains(b, p)).sort((a, b) => a.w * a.h - b.w * b.h);
  return under[0] ?? null;
}
