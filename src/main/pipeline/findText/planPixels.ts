import type { DeidOptionCode } from '../../../shared/deidOptions';
import type { AppDatabase } from '../../db/database';
import type { StoredFileRow } from '../../db/fileRow';
import { getImageOcr, listRects, BURNED_STATUSES } from '../../db/rectsRepo';
import type { FrameBox } from '../../pixels/redactPixels';
import type { OverlayBox } from '../../pixels/overlayRedaction';
import type { PixelPlan } from '../../deid/pixelPlan';
import { FIND_TEXT_ENGINE } from '../../ocr/findTextEngine';

/**
 * What the rect database holds for an indexed image, as the plan its write task carries: the OCR
 * record (current for the file as it is now, or not), the boxes to burn, hidden bits to clear.
 * With the image's index row it is the whole input of the pixel verdict.
 */
export function planPixels(db: AppDatabase, row: StoredFileRow, options: readonly DeidOptionCode[]): PixelPlan {
  const record = getImageOcr(db, row.id);
  const ocr: PixelPlan['ocr'] = !record || record.engine !== FIND_TEXT_ENGINE
    ? 'not-read'
    : record.size !== row.size || record.mtimeMs !== row.mtimeMs
      ? 'stale'
      : record.status;
  const frameBoxes: FrameBox[] = [];
  const overlayBoxes: Record<number, OverlayBox[]> = {};
  for (const r of listRects(db, row.id)) {
    if (!BURNED_STATUSES.includes(r.status)) continue;
    const box = { frame: r.frame, x: r.x, y: r.y, w: r.w, h: r.h };
    if (r.plane === 'frame') frameBoxes.push(box);
    else (overlayBoxes[r.overlayGroup ?? 0] ??= []).push(box);
  }
  const pixelBitGroups = (row.overlayGroups ?? []).some((g) => g.bitPosition !== 0 && !g.hasData);
  return {
    ocr,
    ocrError: record?.error ?? null,
    frameBoxes,
    overlayBoxes,
    gateCleared: ocr === 'done' && (record?.frames ?? 0) > 0 && record?.framesRead === 0,
    clearHiddenBits: pixelBitGroups || (record?.overlaysRead ?? []).includes(0),
    keepOverlays: options.includes('113103'),
  };
}
