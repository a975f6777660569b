import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { ChannelHandlers } from '../../shared/ipc/api';
import { findProject, getOrCreateProject, listProjects, type Project, updateProject } from '../db/projectsRepo';
import { importSubjects, listSubjects } from '../db/subjectsRepo';
import { readSubjectImportCsv } from '../pipeline/export/mappingCsv';
import type { ServicesContext } from './servicesContext';
import { ServiceError } from './serviceError';
import { DEID_OPTION_CODES, IMPLEMENTED_OPTIONS, type DeidOptionCode } from '../../shared/deidOptions';
import { resolveOptionArgs } from '../deid/deidOptions';

type ProjectInfo = Awaited<ReturnType<ChannelHandlers['projectsSelect']>>;

/** A project as the renderer sees it: never the secret. */
function projectInfo(ctx: ServicesContext, p: Project): ProjectInfo {
  return {
    name: p.name,
    prefix: p.prefix,
    width: p.width,
    options: p.options,
    issuerInKey: p.issuerInKey,
    dateShift: p.dateShift,
    subjects: listSubjects(ctx.db, p).size,
    createdAt: p.createdAt,
  };
}

/** App info, reviewer and project channels. */
export function projectHandlers(ctx: ServicesContext): Pick<
  ChannelHandlers,
  'appInfo' | 'appSetReviewer' | 'projectsList' | 'projectsCreate' | 'projectsSelect' | 'projectsUpdate' | 'projectsImportSubjects'
> {
  const announceFolder = (): void => {
    const open = ctx.openFolder();
    if (open) ctx.emit('studyChanged', { folderId: ctx.ids.folder.idOf(open) });
  };
  return {
    async appInfo() {
      const open = ctx.openFolder();
      return {
        version: ctx.o.version,
        mode: ctx.o.mode,
        dbPath: ctx.db.file,
        reviewer: ctx.reviewerName(),
        project: projectInfo(ctx, ctx.project()),
        openFolder: open ? { folderId: ctx.ids.folder.idOf(open), name: basename(open), displayPath: open } : null,
        sampleAvailable: sampleAvailable(ctx),
        browseAvailable: (ctx.browse?.roots.length ?? 0) > 0,
        ocrAvailable: ctx.o.ocr !== undefined,
        implementedOptions: [...IMPLEMENTED_OPTIONS].sort(),
      };
    },
    async appSetReviewer({ name }) {
      ctx.setReviewer(name);
      return { reviewer: ctx.reviewer() };
    },
    async projectsList() {
      return { projects: listProjects(ctx.db).map((p) => projectInfo(ctx, p)), current: ctx.project().name };
    },
    async projectsCreate({ name, settings }) {
      if (findProject(ctx.db, name)) throw new ServiceError('PROJECT_EXISTS', `a project named "${name}" already exists`);
      checkImplemented(settings.options);
      const p = getOrCreateProject(ctx.db, name, settings);
      ctx.setProject(p);
      announceFolder();
      return projectInfo(ctx, p);
    },
    async projectsSelect({ name }) {
      const p = findProject(ctx.db, name);
      if (!p) throw new ServiceError('PROJECT_NOT_FOUND', `no project named "${name}"`);
      ctx.setProject(p);
      announceFolder();
      return projectInfo(ctx, p);
    },
    async projectsUpdate({ name, settings }) {
      checkImplemented(settings.options);
      const p = updateProject(ctx.db, name, settings);
      if (p.name === ctx.project().name) ctx.setProject(p);
      return projectInfo(ctx, p);
    },
    async projectsImportSubjects({ source }) {
      let file: string | undefined;
      if (source.via === 'dialog') {
        if (!ctx.o.pickers) throw new ServiceError('DIALOG_UNAVAILABLE', 'no native dialog in browser mode; pick the file with the browse API');
        file = await ctx.o.pickers.pickFile('import-subjects');
        if (file === undefined) return { cancelled: true as const };
      } else {
        if (!ctx.browse) throw new ServiceError('NOT_FOUND', 'browsing is not available');
        file = ctx.browse.filePath(source.fileId);
      }
      const parsed = readSubjectImportCsv(readFileSync(file, 'utf8'));
      if (!parsed.ok) throw new ServiceError(parsed.error.code, parsed.error.message);
      const result = importSubjects(ctx.db, ctx.project(), parsed.value);
      if (!result.ok) throw new ServiceError(result.error.code, result.error.message);
      announceFolder();
      return result.value;
    },
  };
}

/** Refuses options this build does not implement: a project holds only options a run can apply. */
function checkImplemented(options: readonly DeidOptionCode[] | undefined): void {
  const missing = (options ?? []).filter((c) => !IMPLEMENTED_OPTIONS.has(c));
  if (missing.length) throw new ServiceError('OPTION_NOT_IMPLEMENTED', `not implemented in this build: ${missing.map((c) => `${c} (${DEID_OPTION_CODES[c]})`).join(', ')}`);
  // The same check as the CLI's --option: full and modified dates are alternatives.
  if (options?.length) {
    const resolved = resolveOptionArgs(options);
    if (!resolved.ok) throw new ServiceError('OPTION_CONFLICT', resolved.error.message);
  }
}

/** True when the bundled sample study is present. */
export function sampleAvailable(ctx: ServicesContext): boolean {
  const dir = ctx.o.sampleStudyDir;
  if (!dir) return false;
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
