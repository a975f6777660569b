/** The As-written channels: a frame and its overlay planes exactly as the writer will write them. */
import type { ChannelHandlers } from '../../shared/ipc/api';
import { planPixels } from '../pipeline/findText/planPixels';
import { asWrittenFrame } from '../pipeline/review/asWritten';
import { imageState } from '../pipeline/review/imageStates';
import { packPlaneBits } from '../pixels/frameOverlays';
import { toDisplay } from '../pixels/viewerFrame';
import type { ServicesContext } from './servicesContext';
import { ServiceError } from './serviceError';
import { imageRow } from './studyHandlers';

const hex = (groups: readonly number[]): string => groups.map((g) => g.toString(16)).join(', ');

/** The frame as written for an image of an opened folder (`NOT_WRITTEN` when the verdict writes no pixels). */
async function written(ctx: ServicesContext, imageId: string, frame: number) {
  const { row } = imageRow(ctx, imageId);
  if (!row.hasPixelData) throw new ServiceError('NOT_AN_IMAGE', 'this file has no Pixel Data');
  const review = ctx.reviewContext();
  const state = imageState(ctx.db, row, review);
  const w = await asWrittenFrame({ path: row.path, frame, plan: planPixels(ctx.db, row, review.options), verdict: state.verdict, pixelCleaning: review.pixelCleaning });
  if (!w.written) throw new ServiceError('NOT_WRITTEN', w.reason);
  return { w, reason: state.verdict.reason };
}

/** `imagesAsWritten` and `imagesAsWrittenOverlays`. */
export function asWrittenHandlers(ctx: ServicesContext): Pick<ChannelHandlers, 'imagesAsWritten' | 'imagesAsWrittenOverlays'> {
  return {
    async imagesAsWritten({ imageId, frame, format }) {
      const { w, reason } = await written(ctx, imageId, frame);
      const kept = [...new Set(w.overlays.map((p) => p.group))];
      const overlays = [
        w.removedOverlayGroups.length ? `overlay ${hex(w.removedOverlayGroups)} removed` : '',
        kept.length ? `overlay ${hex(kept)} kept (113103) with its boxes cleared` : '',
      ].filter(Boolean);
      return {
        imageId,
        ...toDisplay(w.frame, w.desc, frame, format),
        asWritten: {
          pixels: w.pixels,
          boxes: w.boxes,
          burnedPixels: w.burnedPixels,
          keptOverlayGroups: kept,
          removedOverlayGroups: w.removedOverlayGroups,
          summary: [reason, ...overlays].join('; '),
        },
      };
    },
    async imagesAsWrittenOverlays({ imageId, frame }) {
      const { w } = await written(ctx, imageId, frame);
      const overlays = w.overlays
        .filter((p) => p.group >= 0x6000)
        .map((p) => ({ group: p.group, originRow: p.originRow, originColumn: p.originColumn, rows: p.rows, columns: p.columns, bits: Buffer.from(packPlaneBits(p.bits)).toString('base64') }));
      return { imageId, frame, overlays };
    },
  };
}
