import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type { JobProgress } from '../../../shared/progress';
import type { FileOutcome, RunSummary } from '../../../shared/runSummary';
import type { AppDatabase } from '../../db/database';
import type { StoredFileRow } from '../../db/fileRow';
import { listFilesUnder } from '../../db/filesRepo';
import { closeInterruptedRun, finishRun } from '../../db/runsRepo';
import { writeFileAtomic } from '../../files/atomicFile';
import { sha256File } from '../../files/fileDigest';
import { recordOutput } from '../../db/outputsRepo';
import { removeSpool, spoolFolderOf, sweepPartialFiles, sweepSpool } from '../../files/spoolFolder';
import type { DeidFileResult, DeidFileTask } from '../../deid/deidentifyFile';
import { writeMappingCsv } from '../export/mappingCsv';
import { outputRelativePath } from '../../deid/outputLayout';
import { assignFolderSubjects, type SubjectAssignment } from '../scan/subjectAssignment';
import { dateOffsets } from '../../db/subjectsRepo';
import { honestPatientName, writtenCtDate } from '../../deid/writtenDate';
import { createHeaderValues } from '../findText/headerMatcher';
import type { RunConflict, ValueChangeCount } from '../../../shared/runSummary';
import { createUidRemapper } from '../../deid/uidRemap';
import { scanFolder } from '../scan/scanFolder';
import { createPixelEngines, type PixelEngines } from '../../ocr/engines/pixelEngines';
import { forEachLimited } from '../../workers/forEachLimited';
import { attachPixelPlan, runPixelPhase, type PixelPhase } from '../write/pixelPhase';
import type { RunPlan } from './runPlan';
import { claimRun } from './runGuard';
import { createTaskRunner } from '../../workers/workerPool';

/** How a run reports and stops; the plan says what it does. */
export interface RunHooks {
  /** Record the run under this `runs` row (an app job's) instead of a new one; its owner finishes it. */
  runId?: number;
  /** Text engines to use (shared with the caller); default: made for this run, sized to the cores. */
  engines?: PixelEngines;
  signal?: AbortSignal;
  onProgress?: (p: JobProgress) => void;
}

/**
 * Scans `input`, assigns subjects and CT dates, de-identifies every DICOM file into the output
 * layout, writes the mapping CSV and the run report (beside the database, never inside `output`).
 */
export async function deidentifyRun(db: AppDatabase, plan: RunPlan, hooks: RunHooks = {}): Promise<RunSummary> {
  const o = { ...plan, ...hooks, db };
  const { input, output } = plan;
  mkdirSync(dirname(output), { recursive: true });
  const started = new Date();
  const notes: string[] = [];
  // Before touching the output: a live run on the project or into the output refuses this one.
  const { id: runId, killed } = claimRun(db, plan, started.toISOString(), hooks.runId);
  for (const earlier of killed) {
    notes.push(`run ${earlier.id} into this folder (started ${earlier.startedAt}) did not finish: this run finishes its work`);
    closeInterruptedRun(db, earlier.id, runId, started.toISOString());
  }
  // Only finished files in the tree: temp and spool files live in <out>.partial, emptied now
  // (what a killed run left) and removed at the end.
  const spool = spoolFolderOf(output);
  const swept = sweepSpool(spool);
  const leftInTree = sweepPartialFiles(output);
  if (swept || leftInTree.length) notes.push(`removed ${swept + leftInTree.length} partial files left by an interrupted run (${leftInTree.length} inside the output tree)`);
  const runner = createTaskRunner(o.workers ?? availableParallelism());
  const engines = o.pixelCleaning ? (o.engines ?? createPixelEngines()) : undefined;
  let pixels: PixelPhase | undefined;
  const outcomes: FileOutcome[] = [];
  const conflicts: RunConflict[] = [];
  const valueChanges = new Map<string, ValueChangeCount>();
  let interrupted = false;
  let plannedFiles = 0;
  let dicomFound: number | undefined;
  let tasksDone = 0;
  let bytesWritten = 0;
  let subjects = 0;
  let studies = 0;
  try {
    const t0 = performance.now();
    const scan = await scanFolder(o.db, input, { runner, signal: o.signal, onProgress: o.onProgress });
    const t1 = performance.now();
    for (const p of scan.walkProblems) outcomes.push({ path: p.path, status: p.notRegular ? 'not-dicom' : 'failed', reason: p.reason });
    const rows = listFilesUnder(o.db, input);
    for (const r of rows) {
      if (r.kind === 'non-dicom') outcomes.push({ path: r.path, status: 'not-dicom', reason: r.reason ?? 'not DICOM' });
      else if (r.kind === 'dicomdir') outcomes.push({ path: r.path, status: 'dicomdir', reason: r.reason ?? 'DICOMDIR' });
      else if (r.kind === 'error') outcomes.push({ path: r.path, status: 'failed', reason: r.reason ?? 'unreadable' });
    }
    const dicom = rows.filter((r) => r.kind === 'dicom');
    // So far outcomes hold only what the scan found: the failed ones are DICOM files it could not read.
    dicomFound = dicom.length + outcomes.filter((x) => x.status === 'failed').length;
    // One UID mapping for the output layout, the writer's tasks and the record of what was written.
    const remapUid = o.options.includes('113110') ? (u: string) => u : createUidRemapper(o.secret);
    const planned = planTasks(o, dicom, output, outcomes, notes, conflicts, remapUid);
    plannedFiles = planned.tasks.length;
    subjects = planned.subjects;
    studies = planned.studies;
    const phase = engines ? await runPixelPhase({ db: o.db, input, options: o.options, redactAllText: o.redactAllText === true, projectId: o.project.id, engines, signal: o.signal, onProgress: o.onProgress }) : undefined;
    pixels = phase;
    if (phase?.ocr.interrupted) throw o.signal?.reason ?? new Error('interrupted');
    const rowOf = new Map(dicom.map((r) => [r.path, r]));
    const tasks = planned.tasks;
    const t2 = performance.now();
    const startedAt = Date.now();
    let done = 0;
    const runTask = async (task: DeidFileTask): Promise<DeidFileResult> => {
      const response = await runner.run({ kind: 'deidentify', task });
      return response.kind === 'deidentify' ? response.result : { status: 'failed' as const, reason: response.kind === 'error' ? response.message : 'bad worker answer' };
    };
    try {
      await forEachLimited(tasks, Math.max(1, runner.size * 2), async (next) => {
        o.signal?.throwIfAborted();
        const row = rowOf.get(next.path) as StoredFileRow;
        // Every image carries what the rect database holds for it; the writer's verdict decides.
        // Read as its turn comes, so the first writes start without waiting for every image's plan.
        const task = attachPixelPlan(db, { ...next, spool }, row, o.options, phase?.deferred.has(row.id) === true);
        let result = await runTask(task);
        if (phase) {
          if (result.gated) phase.recordGate(row, result.gated);
          if (result.unread) result = await phase.rescue(task, row, runTask);
          else if (result.pending) result = await phase.settle(task, row, result, runTask);
          if (result.hiddenBits) result = await phase.rescue(task, row, runTask);
        }
        bytesWritten += result.bytes ?? 0;
        for (const c of result.valueChanges ?? []) {
          const key = `${c.tag} ${c.rule}`;
          const seen = valueChanges.get(key);
          if (seen) seen.files++;
          else valueChanges.set(key, { ...c, files: 1 });
        }
        outcomes.push({
          path: task.path,
          status: result.status,
          ...(result.status === 'written' || result.status === 'unchanged' ? { output: relative(output, task.target) } : {}),
          ...(result.reason ? { reason: result.reason } : {}),
          ...(result.uncleaned ? { uncleaned: result.uncleaned } : {}),
          ...(result.pixels && (result.status === 'written' || result.status === 'unchanged') ? { pixels: result.pixels } : {}),
          ...(result.unknownTags ? { unknownTags: result.unknownTags } : {}),
        });
        if (result.status === 'written' || result.status === 'unchanged') {
          // What this tree holds, as written: verify lists any file that is not.
          const sop = rowOf.get(task.path)?.sopInstanceUid ?? null;
          recordOutput(db, { output, relPath: relative(output, task.target), sopInstanceUid: sop === null ? null : remapUid(sop), sha256: result.sha256 ?? (await sha256File(task.target)), projectId: o.project.id, runId });
        }
        done++;
        tasksDone = done;
        o.onProgress?.({ phase: 'deidentify', done, total: tasks.length, startedAt, current: task.path });
      });
    } catch (e) {
      if (!o.signal?.aborted) throw e;
      interrupted = true;
    }
    if (process.env.DEID_STUDIO_TIMING) {
      process.stderr.write(`timing: scan ${(t1 - t0).toFixed(0)} ms, plan ${(t2 - t1).toFixed(0)} ms, write ${(performance.now() - t2).toFixed(0)} ms\n`);
    }
  } catch (e) {
    if (!o.signal?.aborted) throw e;
    interrupted = true;
  } finally {
    await runner.close();
    if (engines && !o.engines) await engines.close();
    removeSpool(spool);
  }

  if (pixels) notes.push(pixelNote(pixels, outcomes));
  const unknown = outcomes.filter((x) => x.unknownTags);
  if (unknown.length) {
    const tags = [...new Set(unknown.flatMap((x) => x.unknownTags ?? []))].sort();
    notes.push(`${unknown.length} files held tags unknown to the dictionary, removed: ${tags.slice(0, 20).join(' ')}${tags.length > 20 ? ` and ${tags.length - 20} more (see the report)` : ''}`);
  }
  const mappingRows = writeMappingCsv(o.db, o.project, o.mappingCsv, { shifted: o.options.includes('113107') });
  if (interrupted) notes.push(`interrupted after ${tasksDone} of ${plannedFiles} DICOM files to write; run the same command again to finish`);
  const summary = summarise(o, input, output, started, outcomes, notes, { interrupted, bytesWritten, subjects, studies, conflicts, dicomFound });
  summary.valueChanges = [...valueChanges.values()].sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : a.rule < b.rule ? -1 : 1));
  notes.push(`mapping CSV: ${mappingRows} rows`);
  mkdirSync(o.reportDir, { recursive: true, mode: 0o700 });
  const report = join(o.reportDir, `deidentify-${o.project.name}-${started.toISOString().replace(/[:.]/g, '-')}.json`);
  summary.report = report;
  writeFileAtomic(report, JSON.stringify({ ...summary, files: outcomes }, null, 2));
  if (hooks.runId === undefined) finishRun(o.db, runId, { finishedAt: summary.finishedAt, exitCode: summary.exitCode, summary: summary.counts });
  return summary;
}

/** One line on the pixel phase for the report. */
function pixelNote(p: PixelPhase, outcomes: readonly FileOutcome[]): string {
  const o = p.ocr;
  const redacted = outcomes.filter((x) => x.pixels === 'redacted').length;
  const clean = outcomes.filter((x) => x.pixels === 'clean').length;
  return `pixels: ${o.images} images needed cleaning; ${o.read} read now (${o.gateCleared} of them cleared by the text gate, no frame through OCR; ${o.read - o.gateCleared} through the detector and OCR), ${o.current} already read, ${o.undecodable} undecodable, ${o.failed} failed; ` +
    `${o.proposed} boxes proposed; ${redacted} images redacted (${p.counts.verified} verified clean, ${p.counts.verifyFailed} failed verify, ${p.counts.rescued} with undeclared hidden bits found while copying), ${clean} clean as they were`;
}

interface Plan {
  tasks: DeidFileTask[];
  subjects: number;
  studies: number;
}

/** Subject ids, frozen CT dates and output paths for every DICOM file. */
function planTasks(
  o: RunPlan & { db: AppDatabase },
  dicom: StoredFileRow[],
  output: string,
  outcomes: FileOutcome[],
  notes: string[],
  conflicts: RunConflict[],
  remap: (uid: string) => string,
): Plan {
  const usable = dicom.filter((r) => {
    if (r.studyUid && r.seriesUid && r.sopInstanceUid) return true;
    outcomes.push({ path: r.path, status: 'failed', reason: 'missing StudyInstanceUID, SeriesInstanceUID or SOPInstanceUID' });
    return false;
  });
  // The same keys and frozen dates the app computes when it opens a folder, over every file
  // of each study before anything is written.
  const assignment = assignFolderSubjects(o.db, o.project, usable, { identity: o.identityConflict, refreezeDates: o.refreezeDates });
  const { ctDateByStudy } = assignment;
  reportConflicts(assignment, o, conflicts, notes);
  const filesPerStudy = new Map<string, StoredFileRow[]>();
  for (const r of usable) {
    const list = filesPerStudy.get(r.studyUid as string);
    if (list) list.push(r);
    else filesPerStudy.set(r.studyUid as string, [r]);
  }
  for (const [studyUid, ctDate] of ctDateByStudy) {
    const files = filesPerStudy.get(studyUid) ?? [];
    if (!ctDate) notes.push(`a study (${files.length} files, e.g. ${files[0]?.path}) has no date: CT_date empty, PatientName is the subject id alone`);
  }

  const subjectOf = new Map<string, string>();
  for (const r of usable) {
    const subjectId = assignment.subjectOfFile(r);
    if (subjectId) subjectOf.set(r.path, subjectId);
    else outcomes.push({ path: r.path, status: 'failed', reason: 'identity conflict: its study holds files of more than one PatientID; not written (see --identity-conflict)' });
  }
  const shifting = o.options.includes('113107');
  const offsets = shifting ? dateOffsets(o.db, o.project, subjectOf.values()) : new Map<string, number>();
  const patientValues = createHeaderValues(o.db, o.project.id);
  const secretHex = o.secret.toString('hex');
  const targets = new Map<string, string>();
  const tasks: DeidFileTask[] = [];
  for (const r of usable) {
    const subjectId = subjectOf.get(r.path);
    if (!subjectId) continue;
    const dateOffsetDays = offsets.get(subjectId);
    const ctDate = writtenCtDate(ctDateByStudy.get(r.studyUid as string) ?? '', o.options, dateOffsetDays);
    const rel = outputRelativePath({
      subjectId,
      ctDate,
      studyUid: remap(r.studyUid as string),
      seriesUid: remap(r.seriesUid as string),
      sopInstanceUid: remap(r.sopInstanceUid as string),
      seriesNumber: r.seriesNumber,
      modality: r.modality,
      instanceNumber: r.instanceNumber,
    });
    const target = join(output, rel);
    const clash = targets.get(target);
    if (clash) {
      outcomes.push({ path: r.path, status: 'failed', reason: `duplicate SOPInstanceUID: same instance as ${clash}; not written twice` });
      continue;
    }
    targets.set(target, r.path);
    tasks.push({
      path: r.path,
      target,
      subjectId,
      patientName: honestPatientName(subjectId, ctDate),
      ...(dateOffsetDays !== undefined ? { dateOffsetDays } : {}),
      patientValues: patientValues(r),
      options: o.options,
      secretHex,
      allowUncleaned: o.allowUncleaned,
      overwrite: o.overwrite,
      pixelCleaning: o.pixelCleaning,
    });
  }
  return { tasks, subjects: new Set(tasks.map((t) => t.subjectId)).size, studies: filesPerStudy.size };
}

/** Identity and CT-date conflicts into the report, by file, never silently. */
function reportConflicts(a: SubjectAssignment, o: RunPlan, conflicts: RunConflict[], notes: string[]): void {
  for (const c of a.identityConflicts) {
    const resolution = o.identityConflict === 'fail' ? 'not written' : o.identityConflict === 'split' ? 'split: one subject per PatientID' : 'written under the first subject';
    conflicts.push({ kind: 'identity', message: `study ${c.studyUid} holds ${c.patientKeys.length} patients (${c.patientKeys.join(', ')}): ${resolution}`, files: c.files, fails: o.identityConflict === 'fail' });
  }
  for (const c of a.dateConflicts) {
    if (c.refrozen) {
      notes.push(`--refreeze-dates: study ${c.studyUid} CT date ${c.frozen || '(none)'} recorded anew as ${c.found}`);
      continue;
    }
    conflicts.push({ kind: 'ct-date', message: `study ${c.studyUid} was recorded with CT date ${c.frozen || '(none)'}, these files show ${c.found}: the recorded date is kept (use --refreeze-dates to record the earlier one)`, files: c.files, fails: true });
  }
}

function summarise(
  o: RunPlan & { db: AppDatabase },
  input: string,
  output: string,
  started: Date,
  outcomes: FileOutcome[],
  notes: string[],
  extra: { interrupted: boolean; bytesWritten: number; subjects: number; studies: number; conflicts: RunConflict[]; dicomFound: number | undefined },
): RunSummary {
  const count = (s: FileOutcome['status']): number => outcomes.filter((x) => x.status === s).length;
  const counts = {
    files: outcomes.length,
    dicom: outcomes.filter((x) => x.status !== 'not-dicom' && x.status !== 'dicomdir').length,
    ...(extra.dicomFound === undefined ? {} : { dicomFound: extra.dicomFound }),
    written: count('written'),
    unchanged: count('unchanged'),
    withheld: count('withheld'),
    failed: count('failed'),
    notDicom: count('not-dicom'),
    dicomdir: count('dicomdir'),
    subjects: extra.subjects,
    studies: extra.studies,
  };
  if (o.allowUncleaned && outcomes.some((x) => x.uncleaned)) {
    notes.push(`--allow-uncleaned: ${outcomes.filter((x) => x.uncleaned).length} images were written without pixel cleaning`);
  }
  const exitCode = extra.interrupted ? 130 : counts.failed || extra.conflicts.some((c) => c.fails) ? 2 : counts.withheld ? 3 : 0;
  const finished = new Date();
  return {
    command: 'deidentify',
    project: o.project.name,
    input,
    output,
    database: o.db.file,
    mappingCsv: o.mappingCsv,
    options: o.options,
    allowUncleaned: o.allowUncleaned,
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationMs: finished.getTime() - started.getTime(),
    interrupted: extra.interrupted,
    counts,
    bytesWritten: extra.bytesWritten,
    notes,
    problems: outcomes.filter((x) => x.status !== 'written' && x.status !== 'unchanged').sort((a, b) => (a.path < b.path ? -1 : 1)),
    ...(extra.conflicts.length ? { conflicts: extra.conflicts } : {}),
    exitCode,
  };
}
