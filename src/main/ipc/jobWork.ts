import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { DEID_OPTION_CODES } from '../../shared/deidOptions';
import { findProject } from '../db/projectsRepo';
import { IMPLEMENTED_OPTIONS } from '../deid/deidOptions';
import { scanFolder } from '../pipeline/scan/scanFolder';
import { deidentifyRun } from '../pipeline/run/deidentifyRun';
import { createTaskRunner } from '../workers/workerPool';
import { assignFolderSubjects } from '../pipeline/scan/subjectAssignment';
import type { JobSpec, JobWork } from './jobManager';
import type { ServicesContext } from './servicesContext';
import { ServiceError } from './serviceError';

function workers(ctx: ServicesContext): number {
  return ctx.o.workers ?? availableParallelism();
}

function projectNamed(ctx: ServicesContext, name: unknown) {
  const p = typeof name === 'string' ? findProject(ctx.db, name) : undefined;
  return p ?? ctx.project();
}

/**
 * The work behind a job spec: what runs when a job starts, and again when an interrupted job is
 * resumed (scans skip unchanged files; de-identification skips identical outputs), so a re-run
 * is the resume.
 */
export function jobWork(ctx: ServicesContext, spec: JobSpec): JobWork {
  const folder = spec.folder;
  if (!folder) throw new ServiceError('NO_FOLDER', `a ${spec.kind} job needs a folder`);
  switch (spec.kind) {
    case 'scan':
      return async ({ signal, progress }) => {
        const runner = createTaskRunner(workers(ctx));
        let result;
        try {
          result = await scanFolder(ctx.db, folder, { runner, signal, onProgress: progress });
        } finally {
          await runner.close();
        }
        const rows = ctx.catalog.refresh(folder);
        assignFolderSubjects(ctx.db, projectNamed(ctx, spec.params.project), rows);
        ctx.emit('studyChanged', { folderId: ctx.ids.folder.idOf(folder) });
        if (ctx.o.ocr && !signal.aborted && spec.params.thenOcr !== false) {
          ctx.jobs.start({ kind: 'ocr', folder, params: { project: spec.params.project } });
        }
        return {
          scan: {
            total: result.total,
            dicom: result.dicom,
            nonDicom: result.nonDicom + result.dicomdir,
            errors: result.errors + result.walkProblems.length,
            images: rows.filter((r) => r.kind === 'dicom' && r.hasPixelData).length,
          },
        };
      };
    case 'ocr':
      return async ({ signal, progress }) => {
        const ocr = ctx.o.ocr;
        if (!ocr) throw new ServiceError('UNAVAILABLE', 'OCR is not available in this build');
        await ocr({
          db: ctx.db,
          folder,
          project: projectNamed(ctx, spec.params.project),
          signal,
          onProgress: progress,
          onImagesChanged: (fileIds) => ctx.emit('rectsChanged', { imageIds: fileIds.map((id) => ctx.ids.image.idOf(id)) }),
        });
        ctx.emit('studyChanged', { folderId: ctx.ids.folder.idOf(folder) });
        return {};
      };
    case 'deidentify':
      return async ({ signal, progress }) => {
        const output = spec.output;
        if (!output) throw new ServiceError('INVALID_REQUEST', 'a de-identify job needs an output folder');
        const project = projectNamed(ctx, spec.params.project);
        const missing = project.options.filter((c) => !IMPLEMENTED_OPTIONS.has(c));
        if (missing.length) {
          throw new ServiceError('OPTION_NOT_IMPLEMENTED', `project ${project.name} uses options not implemented yet: ${missing.map((c) => `${c} (${DEID_OPTION_CODES[c]})`).join(', ')}`);
        }
        const dbDir = dirname(ctx.db.file);
        const summary = await deidentifyRun({
          input: folder,
          output,
          db: ctx.db,
          project,
          options: project.options,
          mappingCsv: join(dbDir, `${project.name}-mapping.csv`),
          reportDir: join(dbDir, 'reports'),
          allowUncleaned: spec.params.allowUncleaned === true,
          overwrite: spec.params.overwrite === true,
          workers: workers(ctx),
          // With OCR available the run reads, burns and verifies pixels as the CLI does.
          cleanPixels: ctx.o.ocr !== undefined,
          signal,
          onProgress: progress,
        });
        ctx.catalog.refresh(folder);
        ctx.emit('studyChanged', { folderId: ctx.ids.folder.idOf(folder) });
        return { summary };
      };
    case 'verify':
      return async () => {
        throw new ServiceError('UNAVAILABLE', 'verify is not available in this build');
      };
    default: {
      const never: never = spec.kind;
      throw new ServiceError('INVALID_REQUEST', `unknown job kind ${String(never)}`);
    }
  }
}
