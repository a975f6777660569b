import type { ChannelHandlers } from '../../shared/ipc/api';
import type { z } from 'zod';
import type { RectViewSchema } from '../../shared/ipc/schemas/review';
import { deleteRect, decideRect, getImageReview, getRect, insertRects, listRects, moveRect, setImageReview, type Rect } from '../db/rectsRepo';
import type { StoredFileRow } from '../db/fileRow';
import type { ServicesContext } from './servicesContext';
import { ServiceError, notFound } from './serviceError';
import { imageRow } from './studyHandlers';
import { refuseReadOnly } from './readOnlyTree';

type RectView = z.infer<typeof RectViewSchema>;

/** A stored box as the renderer sees it. */
function rectView(ctx: ServicesContext, r: Rect): RectView {
  return {
    rectId: r.id,
    imageId: ctx.ids.image.idOf(r.fileId),
    plane: r.plane,
    overlayGroup: r.overlayGroup,
    frame: r.frame,
    x: r.x,
    y: r.y,
    w: r.w,
    h: r.h,
    text: r.text,
    confidence: r.confidence,
    source: r.source,
    status: r.status,
    reason: r.reason,
    decidedBy: r.decidedBy,
    decidedAt: r.decidedAt,
  };
}

/** A box clipped to the image; `BOX_OUTSIDE` when nothing of it is on the image. */
function clipBox(box: { x: number; y: number; w: number; h: number }, row: Pick<StoredFileRow, 'rows' | 'columns'>): { x: number; y: number; w: number; h: number } {
  const cols = row.columns ?? Number.MAX_SAFE_INTEGER;
  const rows = row.rows ?? Number.MAX_SAFE_INTEGER;
  if (box.x >= cols || box.y >= rows) throw new ServiceError('BOX_OUTSIDE', `box at ${box.x},${box.y} is outside the ${cols}x${rows} image`);
  return { x: box.x, y: box.y, w: Math.min(box.w, cols - box.x), h: Math.min(box.h, rows - box.y) };
}

/** A box of a file of an opened folder (others are refused as unknown). */
function ownedRect(ctx: ServicesContext, rectId: number): Rect {
  const r = getRect(ctx.db, rectId);
  if (!r || !ctx.catalog.file(r.fileId)) throw notFound('box');
  return r;
}

/** Box channels: list, decide, draw, move, delete, propagate. */
export function rectHandlers(ctx: ServicesContext): Pick<ChannelHandlers, 'rectsList' | 'rectsDecide' | 'rectsCreate' | 'rectsMove' | 'rectsDelete' | 'rectsPropagate'> {
  return {
    async rectsList({ imageId }) {
      const { row } = imageRow(ctx, imageId);
      return { rects: listRects(ctx.db, row.id).map((r) => rectView(ctx, r)) };
    },
    async rectsDecide({ rectIds, status }) {
      for (const id of rectIds) {
        const r = ownedRect(ctx, id);
        // Only text the rules never flagged can be unflagged again; anything else is rejected or not.
        if (status === 'unflagged' && (r.source !== 'ocr' || r.reason !== null)) {
          throw new ServiceError('INVALID_REQUEST', `box ${id} was not unflagged OCR text: approve, reject or reset it to proposed`);
        }
      }
      const reviewer = ctx.reviewer();
      const rects = ctx.db.write(() => rectIds.map((id) => decideRect(ctx.db, id, status, reviewer)));
      return { rects: rects.map((r) => rectView(ctx, r)) };
    },
    async rectsCreate({ imageId, frame, plane, overlayGroup, box, note }) {
      const { row, folder } = imageRow(ctx, imageId);
      await refuseReadOnly(ctx, folder, 'drawing boxes');
      if (!row.hasPixelData) throw new ServiceError('NOT_AN_IMAGE', 'this file has no Pixel Data');
      const frames = Math.max(1, row.numberOfFrames ?? 1);
      if (frame !== null && frame >= frames) throw new ServiceError('NO_SUCH_FRAME', `frame ${frame} requested of ${frames}`);
      if ((plane === 'overlay') !== (overlayGroup !== null)) {
        throw new ServiceError('INVALID_REQUEST', 'an overlay box needs its overlay group, a frame box none');
      }
      const clipped = clipBox(box, row);
      const [id] = insertRects(
        ctx.db,
        row.id,
        [{ plane, overlayGroup, frame, ...clipped, text: null, source: 'manual', status: 'approved', reason: note ?? 'drawn by reviewer' }],
        ctx.reviewer(),
      );
      return rectView(ctx, getRect(ctx.db, id) as Rect);
    },
    async rectsMove({ rectId, box }) {
      const r = ownedRect(ctx, rectId);
      const file = ctx.catalog.file(r.fileId);
      const clipped = clipBox(box, file?.row ?? { rows: null, columns: null });
      return rectView(ctx, moveRect(ctx.db, rectId, clipped, ctx.reviewer()));
    },
    async rectsDelete({ rectId }) {
      ownedRect(ctx, rectId);
      deleteRect(ctx.db, rectId, ctx.reviewer());
      return { rectId };
    },
    async rectsPropagate({ rectId, scope }) {
      const source = ownedRect(ctx, rectId);
      const { row, folder } = ctx.catalog.file(source.fileId) as { row: StoredFileRow; folder: string };
      let targets: StoredFileRow[];
      switch (scope) {
        case 'allFrames':
          targets = [row];
          break;
        case 'series':
          targets = ctx.catalog.rows(folder).filter((r) => r.hasPixelData && r.seriesUid === row.seriesUid && r.id !== row.id);
          break;
        case 'sameDevice':
          targets = ctx.catalog.rows(folder).filter(
            (r) => r.hasPixelData && r.id !== row.id && r.manufacturer === row.manufacturer && r.manufacturerModel === row.manufacturerModel && r.rows === row.rows && r.columns === row.columns,
          );
          break;
        default: {
          const never: never = scope;
          throw new ServiceError('INVALID_REQUEST', `unknown scope ${String(never)}`);
        }
      }
      const reviewer = ctx.reviewer();
      const changed: number[] = [];
      const rectIds: number[] = [];
      // An image marked done that gains a box needs review again: its done mark is cleared.
      const reopened: number[] = [];
      let created = 0;
      let skipped = 0;
      ctx.db.write(() => {
        for (const t of targets) {
          let box;
          try {
            box = clipBox(source, t);
          } catch {
            skipped++;
            continue;
          }
          const exists = listRects(ctx.db, t.id).some(
            (r) => r.frame === null && r.plane === source.plane && r.overlayGroup === source.overlayGroup && r.x === box.x && r.y === box.y && r.w === box.w && r.h === box.h && r.status !== 'rejected',
          );
          if (exists) {
            skipped++;
            continue;
          }
          rectIds.push(...insertRects(ctx.db, t.id, [{
            plane: source.plane, overlayGroup: source.overlayGroup, frame: null, ...box, text: source.text, confidence: null,
            source: 'rule', status: 'proposed', reason: `propagated from box ${source.id} (${scope})`,
          }], reviewer));
          created++;
          changed.push(t.id);
          if (getImageReview(ctx.db, t.id)?.done) {
            setImageReview(ctx.db, t.id, false, reviewer);
            reopened.push(t.id);
          }
        }
      });
      if (changed.length) ctx.emit('rectsChanged', { imageIds: changed.map((id) => ctx.ids.image.idOf(id)) });
      return { created, images: changed.length, skipped, rectIds, reopened: reopened.map((id) => ctx.ids.image.idOf(id)) };
    },
  };
}
