/**
 * Clearing boxes in Overlay Data (option 113103, Clean Graphics): the overlay is kept, the bits
 * under each padded box are cleared in every overlay frame the box applies to.
 */
import type { OverlayGroupInput } from './overlays';
import { paddedBox, type PixelBox } from './burnBoxes';

/** A box on an overlay plane, in image pixels; `frame` is the image frame, null for every frame. */
export interface OverlayBox extends PixelBox {
  frame: number | null;
}

/**
 * A copy of the group's Overlay Data (little-endian bit order) with the bits under `boxes`
 * cleared. Boxes are in image pixels; the overlay's origin maps them onto its own plane, so parts
 * outside the plane are ignored. Frames of a multi-frame overlay start at Image Frame Origin.
 */
export function clearOverlayBoxes(group: OverlayGroupInput, imageRows: number, imageColumns: number, boxes: readonly OverlayBox[]): Uint8Array {
  const data = (group.data ?? new Uint8Array(0)).slice();
  const rows = group.rows ?? imageRows;
  const columns = group.columns ?? imageColumns;
  const frames = Math.max(1, group.numberOfFrames ?? 1);
  const firstFrame = Math.max(1, group.imageFrameOrigin ?? 1) - 1;
  const top = (group.originRow ?? 1) - 1;
  const left = (group.originColumn ?? 1) - 1;
  const perFrame = rows * columns;
  for (const box of boxes) {
    const p = paddedBox(box, imageColumns, imageRows);
    if (!p) continue;
    const overlayFrames = box.frame === null || frames === 1 ? range(frames) : [box.frame - firstFrame].filter((k) => k >= 0 && k < frames);
    for (const k of overlayFrames) {
      for (let y = Math.max(0, p.y - top); y < Math.min(rows, p.y + p.h - top); y++) {
        for (let x = Math.max(0, p.x - left); x < Math.min(columns, p.x + p.w - left); x++) {
          const bit = k * perFrame + y * columns + x;
          const byte = bit >> 3;
          if (byte < data.length) data[byte] &= ~(1 << (bit & 7));
        }
      }
    }
  }
  return data;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
