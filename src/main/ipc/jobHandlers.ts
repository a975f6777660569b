import { mkdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { ChannelHandlers } from '../../shared/ipc/api';
import { writeMappingCsv } from '../pipeline/export/mappingCsv';
import { exportMetadataCsv } from '../pipeline/export/metadataCsv';
import { exportAuditCsv } from '../pipeline/export/auditExport';
import { exportBoxesCsv } from '../pipeline/export/textExport';
import { isInsidePath } from '../files/realPath';
import { listRunFolders } from '../db/runsRepo';
import { projectNameProblem } from '../db/projectsRepo';
import { loadFolder } from '../pipeline/review/imageStates';
import type { ServicesContext } from './servicesContext';
import { PIXEL_VERDICT_ACTIONS, type PixelVerdictAction } from '../../shared/pixelVerdict';
import { planRun } from '../pipeline/run/runPlan';
import { deidentifyRequest } from './jobWork';
import { jobFolder, jobOutput } from './jobSpec';
import { ServiceError } from './serviceError';
import { refuseReadOnly } from './readOnlyTree';

type ExportKind = Parameters<ChannelHandlers['exportsWrite']>[0]['kind'];

function stamp(now: Date = new Date()): string {
  return now.toISOString().replace(/[:.]/g, '-');
}

/**
 * Refuses to write patient-linking files into any de-identified output folder (this session's
 * jobs, and every earlier run's) or any input folder, comparing real paths.
 */
function checkNotInOutput(ctx: ServicesContext, file: string): void {
  const folders = new Set(listRunFolders(ctx.db));
  for (const job of ctx.jobs.list()) {
    const spec = ctx.jobs.spec(job.jobId);
    const out = spec ? jobOutput(spec) : null;
    if (out) folders.add(out);
  }
  const open = ctx.openFolder();
  if (open) folders.add(open);
  for (const folder of folders) {
    if (isInsidePath(folder, file)) {
      throw new ServiceError('EXPORT_INSIDE_OUTPUT', 'exports name patients and input paths; they are never written inside a study folder or a de-identified output folder');
    }
  }
}

/** Job, OCR, de-identify, export and output-folder channels. */
export function jobHandlers(ctx: ServicesContext): Pick<
  ChannelHandlers,
  'jobsList' | 'jobsCancel' | 'jobsResume' | 'ocrStart' | 'verifyStart' | 'deidentifyPrepare' | 'deidentifyStart' | 'exportsWrite' | 'outputOpen'
> {
  return {
    async jobsList() {
      return { jobs: ctx.jobs.list() };
    },
    async jobsCancel({ jobId }) {
      return { cancelled: ctx.jobs.cancel(jobId) };
    },
    async jobsResume({ jobId }) {
      const spec = ctx.jobs.spec(jobId);
      const folder = spec ? jobFolder(spec) : null;
      if (folder) ctx.catalog.add(folder);
      return { jobId: ctx.jobs.resume(jobId) };
    },
    async ocrStart({ folderId }) {
      const folder = ctx.openedFolder(folderId);
      if (!ctx.o.ocr) throw new ServiceError('UNAVAILABLE', 'OCR is not available in this build');
      await refuseReadOnly(ctx, folder, 'reading text for proposals');
      const running = ctx.jobs.running('ocr', folder);
      if (running) return { jobId: running };
      return { jobId: ctx.jobs.start({ kind: 'ocr', folder, project: ctx.project().name }) };
    },
    async verifyStart({ source }) {
      if (!ctx.o.ocr) throw new ServiceError('UNAVAILABLE', 'verify needs OCR, which is not available in this build');
      let output: string;
      if (source.via === 'job') {
        const spec = ctx.jobs.spec(source.jobId);
        if (spec?.kind !== 'deidentify') throw new ServiceError('NOT_FOUND', `job ${source.jobId} wrote no output folder`);
        output = spec.output;
      } else {
        if (!ctx.browse) throw new ServiceError('NOT_FOUND', 'browsing is not available');
        output = ctx.browse.folderPath(source.folderId);
      }
      return { jobId: ctx.jobs.start({ kind: 'verify', output }) };
    },
    async deidentifyPrepare({ folderId }) {
      const folder = ctx.openedFolder(folderId);
      const snapshot = loadFolder(ctx.db, folder, ctx.reviewContext());
      const images = snapshot.dicom.filter((i) => i.hasPixels);
      const project = ctx.project();
      const pixels = Object.fromEntries(PIXEL_VERDICT_ACTIONS.map((a) => [a, 0])) as Record<PixelVerdictAction, number>;
      for (const i of snapshot.dicom) pixels[i.verdict.action]++;
      return {
        project: project.name,
        options: project.options,
        files: snapshot.total,
        images: images.length,
        unreviewedProposals: snapshot.dicom.reduce((n, i) => n + i.boxes.proposed, 0),
        imagesNotDone: images.filter((i) => !i.done).length,
        withheld: pixels.withhold,
        pixels,
        skipped: snapshot.skipped.map((f) => ({ path: relative(folder, f.path), kind: f.kind, reason: f.reason })),
      };
    },
    async deidentifyStart({ folderId, output, allowUncleaned, overwrite }) {
      const folder = ctx.openedFolder(folderId);
      await refuseReadOnly(ctx, folder, 'de-identifying again');
      const running = ctx.jobs.running(null, folder);
      if (running) throw new ServiceError('JOB_RUNNING', `job ${running} is still running on this folder`);
      let out: string;
      if (output.via === 'dialog') {
        if (!ctx.o.pickers) throw new ServiceError('DIALOG_UNAVAILABLE', 'no native dialog in browser mode; pick the output folder with the browse API');
        const picked = await ctx.o.pickers.pickFolder('output');
        if (picked === undefined) return { cancelled: true as const };
        mkdirSync(picked, { recursive: true });
        out = realpathSync(picked);
      } else {
        if (!ctx.browse) throw new ServiceError('NOT_FOUND', 'browsing is not available');
        out = ctx.browse.folderPath(output.folderId);
      }
      const spec = { kind: 'deidentify' as const, folder, output: out, project: ctx.project().name, allowUncleaned, overwrite };
      // The run's own plan, checked now so a bad output folder is refused before the job starts.
      planRun(ctx.db, deidentifyRequest(ctx, spec));
      const jobId = ctx.jobs.start(spec);
      return { jobId, outputDisplayPath: out };
    },
    async exportsWrite({ kind, folderId, destination }) {
      const project = ctx.project();
      const folder = folderId ? ctx.openedFolder(folderId) : ctx.openFolder();
      if (kind !== 'mapping' && !folder) throw new ServiceError('NO_FOLDER', 'open a study folder first');
      const badName = projectNameProblem(project.name);
      if (badName) throw new ServiceError('INVALID_REQUEST', badName);
      const name = `${kind}-${project.name}-${stamp()}.csv`;
      let file: string;
      switch (destination.via) {
        case 'dialog': {
          if (!ctx.o.pickers) throw new ServiceError('DIALOG_UNAVAILABLE', 'no native dialog in browser mode; use a browse folder or the default place');
          const picked = await ctx.o.pickers.pickSaveFile('export', name);
          if (picked === undefined) return { cancelled: true as const };
          file = picked;
          break;
        }
        case 'browse':
          if (!ctx.browse) throw new ServiceError('NOT_FOUND', 'browsing is not available');
          file = join(ctx.browse.folderPath(destination.folderId), name);
          break;
        case 'default': {
          const dir = ctx.o.exportsDir ?? join(dirname(ctx.db.file), 'exports');
          mkdirSync(dir, { recursive: true, mode: 0o700 });
          file = join(dir, name);
          break;
        }
        default: {
          const never: never = destination;
          throw new ServiceError('INVALID_REQUEST', `unknown destination ${String(never)}`);
        }
      }
      checkNotInOutput(ctx, file);
      return { kind, displayPath: file, rows: writeExport(ctx, kind, folder, file) };
    },
    async outputOpen({ jobId }) {
      const spec = ctx.jobs.spec(jobId);
      const output = spec ? jobOutput(spec) : null;
      if (!output) throw new ServiceError('NOT_FOUND', `job ${jobId} has no output folder`);
      let exists = false;
      try {
        exists = statSync(output).isDirectory();
      } catch {
        exists = false;
      }
      const opened = exists && ctx.o.pickers ? await ctx.o.pickers.openPath(output) : false;
      return { opened, displayPath: output };
    },
  };
}

function writeExport(ctx: ServicesContext, kind: ExportKind, folder: string | undefined, file: string): number {
  switch (kind) {
    case 'mapping':
      return writeMappingCsv(ctx.db, ctx.project(), file);
    case 'metadata':
      return exportMetadataCsv(ctx.db, file, folder);
    case 'ocrText':
      return exportBoxesCsv(ctx.db, file, folder);
    case 'audit':
      return exportAuditCsv(ctx.db, file, folder);
    default: {
      const never: never = kind;
      throw new ServiceError('INVALID_REQUEST', `unknown export ${String(never)}`);
    }
  }
}
