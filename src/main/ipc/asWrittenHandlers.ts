/**
 * The As-written channels: a frame and its overlay planes exactly as the writer will write them.
 * The file is read and the frame computed on a worker thread (`deid/asWritten.ts`, the writer's own
 * functions); this handler only looks up the plan and verdict the run would use now.
 */
import type { ChannelHandlers } from '../../shared/ipc/api';
import { planPixels } from '../pipeline/findText/planPixels';
import { imageState } from '../pipeline/review/imageStates';
import type { AsWrittenAnswer, ViewerRequest } from '../workers/viewerProtocol';
import type { ServicesContext } from './servicesContext';
import { ServiceError } from './serviceError';
import { imageRow } from './studyHandlers';
import { askWorker } from './workerAnswers';

type PixelFormat = Extract<ViewerRequest, { kind: 'asWritten' }>['format'];

const hex = (groups: readonly number[]): string => groups.map((g) => g.toString(16)).join(', ');

/** The frame as written for an image of an opened folder (`NOT_WRITTEN` when the verdict writes no pixels). */
async function written(ctx: ServicesContext, imageId: string, frame: number, want: 'frame' | 'overlays', format: PixelFormat = 'gray16'): Promise<{ w: AsWrittenAnswer; reason: string }> {
  const { row } = imageRow(ctx, imageId);
  if (!row.hasPixelData) throw new ServiceError('NOT_AN_IMAGE', 'this file has no Pixel Data');
  const review = ctx.reviewContext();
  const state = imageState(ctx.db, row, review);
  const input = { path: row.path, frame, plan: planPixels(ctx.db, row, review.options), verdict: state.verdict, pixelCleaning: review.pixelCleaning };
  const answer = await askWorker(ctx.requests, { kind: 'asWritten', input, want, format });
  if (!answer.written) throw new ServiceError('NOT_WRITTEN', answer.reason);
  return { w: answer.written, reason: state.verdict.reason };
}

/** `imagesAsWritten` and `imagesAsWrittenOverlays`. */
export function asWrittenHandlers(ctx: ServicesContext): Pick<ChannelHandlers, 'imagesAsWritten' | 'imagesAsWrittenOverlays'> {
  return {
    async imagesAsWritten({ imageId, frame, format }) {
      const { w, reason } = await written(ctx, imageId, frame, 'frame', format);
      if (!w.frame) throw new ServiceError('INTERNAL', 'the worker sent no frame');
      const kept = w.keptOverlayGroups;
      const overlays = [
        w.removedOverlayGroups.length ? `overlay ${hex(w.removedOverlayGroups)} removed` : '',
        kept.length ? `overlay ${hex(kept)} kept (113103) with its boxes cleared` : '',
      ].filter(Boolean);
      return {
        imageId,
        ...w.frame,
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
      const { w } = await written(ctx, imageId, frame, 'overlays');
      return { imageId, frame, overlays: w.overlays ?? [] };
    },
  };
}
