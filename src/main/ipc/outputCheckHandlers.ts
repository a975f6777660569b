import type { ChannelHandlers } from '../../shared/ipc/api';
import { CodedError } from '../../shared/codedError';
import { planRun } from '../pipeline/run/runPlan';
import { deidentifyRequest } from './jobWork';
import type { ServicesContext } from './servicesContext';
import { ServiceError } from './serviceError';

/**
 * The output-folder check the picker asks the moment a folder is picked. It builds the very plan
 * `deidentifyStart` builds (`planRun`, whose path check refuses an output inside the input or
 * holding it), so the picker and the run cannot disagree: one decision, in one place.
 */
export function outputCheckHandlers(ctx: ServicesContext): Pick<ChannelHandlers, 'deidentifyCheckOutput'> {
  return {
    async deidentifyCheckOutput({ folderId, outputId }) {
      const folder = ctx.openedFolder(folderId);
      if (!ctx.browse) throw new ServiceError('NOT_FOUND', 'browsing is not available');
      const output = ctx.browse.folderPath(outputId);
      const spec = { kind: 'deidentify' as const, folder, output, project: ctx.project().name, allowUncleaned: false, overwrite: false };
      try {
        planRun(ctx.db, deidentifyRequest(ctx, spec));
        return { problem: null };
      } catch (e) {
        if (e instanceof CodedError) return { problem: { code: e.code, message: e.message } };
        throw e;
      }
    },
  };
}
