import type { ChannelHandlers } from '../../shared/ipc/api';
import { addPixelTerms, listPixelTerms, removePixelTerms } from '../db/pixelTermsRepo';
import { checkTerm } from '../phi/pixelTerms';
import type { ServicesContext } from './servicesContext';
import { ServiceError } from './serviceError';

/**
 * The current project's allow and deny lists of pixel text, over the repository the CLI's
 * `allowlist` and `denylist` commands use. A term is checked by the lists' own rules
 * (`checkTerm`) before it is stored; the next OCR pass judges stored text again.
 */
export function pixelTermHandlers(ctx: ServicesContext): Pick<ChannelHandlers, 'pixelTermsList' | 'pixelTermsAdd' | 'pixelTermsRemove'> {
  return {
    async pixelTermsList() {
      const project = ctx.project();
      return { project: project.name, terms: listPixelTerms(ctx.db, project.id) };
    },
    async pixelTermsAdd({ list, kind, term }) {
      const project = ctx.project();
      const checked = checkTerm(list, kind, term);
      if (!checked.ok) throw checked.error;
      const added = addPixelTerms(ctx.db, project.id, [checked.value]) === 1;
      const stored = listPixelTerms(ctx.db, project.id, list).find((t) => t.kind === kind && t.term === checked.value.term);
      if (stored === undefined) throw new ServiceError('INTERNAL', `the term "${checked.value.term}" was not stored`);
      return { added, term: stored };
    },
    async pixelTermsRemove({ list, kind, term }) {
      const project = ctx.project();
      const missing = removePixelTerms(ctx.db, project.id, list, [term], kind);
      if (missing.length > 0) throw new ServiceError('NOT_FOUND', `"${term}" is not on the ${list === 'allow' ? 'allowlist' : 'denylist'} of project ${project.name}`);
      return { removed: true as const };
    },
  };
}
