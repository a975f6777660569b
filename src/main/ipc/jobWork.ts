import { availableParallelism } from 'node:os';
import { relative } from 'node:path';
import { findProject } from '../db/projectsRepo';
import type { RunRequest } from '../pipeline/run/runPlan';
import { assignFolderSubjects } from '../pipeline/scan/subjectAssignment';
import { outputTreeVerdict, strayLabel, type OutputTreeCheck } from '../pipeline/write/outputTreeVerdict';
import type { JobWork, VerifyView } from './jobManager';
import type { JobSpec } from './jobSpec';
import type { ServicesContext } from './servicesContext';
import { ServiceError } from './serviceError';
import { refuseReadOnly } from './readOnlyTree';

function workers(ctx: ServicesContext): number {
  return ctx.o.workers ?? availableParallelism();
}

function projectNamed(ctx: ServicesContext, name: string) {
  return findProject(ctx.db, name) ?? ctx.project();
}

/** The run request of a de-identify job: the same plan the CLI's `deidentify` builds. */
export function deidentifyRequest(ctx: ServicesContext, spec: Extract<JobSpec, { kind: 'deidentify' }>): RunRequest {
  return {
    input: spec.folder,
    output: spec.output,
    project: projectNamed(ctx, spec.project).name,
    allowUncleaned: spec.allowUncleaned,
    overwrite: spec.overwrite,
    // With OCR available the run reads, burns and verifies pixels as the CLI does.
    pixelCleaning: ctx.o.ocr !== undefined,
    workers: workers(ctx),
  };
}

/** What the verify pass found, as the job view carries it (paths relative to the tree). */
function verifyView(output: string, check: OutputTreeCheck): VerifyView {
  const r = check.pixels;
  const images = r.files.flatMap((f) =>
    f.status === 'found' || f.status === 'failed'
      ? [{ path: relative(output, f.path), status: f.status, reason: f.status === 'found' ? `${f.findings?.length ?? 0} text region(s) found` : (f.error ?? 'could not be read') }]
      : [],
  );
  const stray = (check.stray ?? []).map((f) => ({ path: relative(output, f.path), status: f.kind === 'unknown' ? ('not-written' as const) : ('changed' as const), reason: strayLabel(f.kind) }));
  return { counts: r.counts, problems: [...images, ...stray], verdict: outputTreeVerdict(check), interrupted: r.interrupted };
}

/**
 * The work behind a job spec: what runs when a job starts, and again when an interrupted job is
 * resumed (scans skip unchanged files; de-identification skips identical outputs), so a re-run
 * is the resume. Each kind calls the pipeline stage the CLI's command calls, through the services'
 * job stages (on a worker thread in the app: the main thread only orchestrates).
 */
export function jobWork(ctx: ServicesContext, spec: JobSpec): JobWork {
  switch (spec.kind) {
    case 'scan':
      return async ({ signal, progress }) => {
        const result = await ctx.o.stages.scan({ db: ctx.db, folder: spec.folder, workers: workers(ctx), signal, progress });
        const rows = ctx.catalog.refresh(spec.folder);
        // A de-identified tree gets no subject ids (its PatientIDs are subject ids) and no
        // proposals: the verify pass checks it instead.
        const readOnly = (await ctx.outputTree(spec.folder)).readOnly;
        if (!readOnly) assignFolderSubjects(ctx.db, projectNamed(ctx, spec.project), rows);
        ctx.emit('studyChanged', { folderId: ctx.ids.folder.idOf(spec.folder) });
        if (ctx.o.ocr && !signal.aborted && spec.thenRead) {
          ctx.jobs.start(readOnly ? { kind: 'verify', output: spec.folder } : { kind: 'ocr', folder: spec.folder, project: spec.project });
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
        await refuseReadOnly(ctx, spec.folder, 'reading text for proposals');
        await ocr({
          db: ctx.db,
          folder: spec.folder,
          project: projectNamed(ctx, spec.project),
          signal,
          onProgress: progress,
          onImagesChanged: (fileIds) => ctx.emit('rectsChanged', { imageIds: fileIds.map((id) => ctx.ids.image.idOf(id)) }),
        });
        ctx.emit('studyChanged', { folderId: ctx.ids.folder.idOf(spec.folder) });
        return {};
      };
    case 'deidentify':
      return async ({ runId, signal, progress }) => {
        const summary = await ctx.o.stages.deidentify({ db: ctx.db, request: deidentifyRequest(ctx, spec), runId, signal, progress });
        ctx.catalog.refresh(spec.folder);
        ctx.emit('studyChanged', { folderId: ctx.ids.folder.idOf(spec.folder) });
        return { summary };
      };
    case 'verify':
      return async ({ signal, progress }) => {
        if (!ctx.o.ocr) throw new ServiceError('UNAVAILABLE', 'verify needs OCR, which is not available in this build');
        const result = await ctx.o.stages.verify({ db: ctx.db, output: spec.output, signal, progress });
        return { verify: verifyView(spec.output, result) };
      };
    default: {
      const never: never = spec;
      throw new ServiceError('INVALID_REQUEST', `unknown job kind ${String((never as { kind: unknown }).kind)}`);
    }
  }
}
