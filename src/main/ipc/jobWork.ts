import { availableParallelism } from 'node:os';
import { relative } from 'node:path';
import { findProject } from '../db/projectsRepo';
import { deidentifyRun } from '../pipeline/run/deidentifyRun';
import { planRun, type RunRequest } from '../pipeline/run/runPlan';
import { scanFolder } from '../pipeline/scan/scanFolder';
import { assignFolderSubjects } from '../pipeline/scan/subjectAssignment';
import { verifyTree, type VerifyTreeResult } from '../pipeline/write/verifyTree';
import { createTaskRunner } from '../workers/workerPool';
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
function verifyView(output: string, r: VerifyTreeResult): VerifyView {
  const problems = r.files.flatMap((f) =>
    f.status === 'found' || f.status === 'failed'
      ? [{ path: relative(output, f.path), status: f.status, reason: f.status === 'found' ? `${f.findings?.length ?? 0} text region(s) found` : (f.error ?? 'could not be read') }]
      : [],
  );
  return { counts: r.counts, problems, interrupted: r.interrupted };
}

/**
 * The work behind a job spec: what runs when a job starts, and again when an interrupted job is
 * resumed (scans skip unchanged files; de-identification skips identical outputs), so a re-run
 * is the resume. Each kind calls the pipeline stage the CLI's command calls.
 */
export function jobWork(ctx: ServicesContext, spec: JobSpec): JobWork {
  switch (spec.kind) {
    case 'scan':
      return async ({ signal, progress }) => {
        const runner = createTaskRunner(workers(ctx));
        let result;
        try {
          result = await scanFolder(ctx.db, spec.folder, { runner, signal, onProgress: progress });
        } finally {
          await runner.close();
        }
        const rows = ctx.catalog.refresh(spec.folder);
        // A de-identified tree gets no subject ids (its PatientIDs are subject ids) and no
        // proposals: the verify pass checks it instead.
        const readOnly = ctx.outputTree(spec.folder).readOnly;
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
        refuseReadOnly(ctx, spec.folder, 'reading text for proposals');
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
        const plan = planRun(ctx.db, deidentifyRequest(ctx, spec));
        const summary = await deidentifyRun(ctx.db, plan, { runId, signal, onProgress: progress });
        ctx.catalog.refresh(spec.folder);
        ctx.emit('studyChanged', { folderId: ctx.ids.folder.idOf(spec.folder) });
        return { summary };
      };
    case 'verify':
      return async ({ signal, progress }) => {
        if (!ctx.o.ocr) throw new ServiceError('UNAVAILABLE', 'verify needs OCR, which is not available in this build');
        const result = await verifyTree({ output: spec.output, db: ctx.db, signal, onProgress: progress });
        return { verify: verifyView(spec.output, result) };
      };
    default: {
      const never: never = spec;
      throw new ServiceError('INVALID_REQUEST', `unknown job kind ${String((never as { kind: unknown }).kind)}`);
    }
  }
}
