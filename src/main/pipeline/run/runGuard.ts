import { hostname } from 'node:os';
import type { AppDatabase } from '../../db/database';
import { listUnfinishedDeidRuns, recordRun, setRunProject, type UnfinishedRun } from '../../db/runsRepo';
import type { RunPlan } from './runPlan';
import { RunSetupError } from './runPlan';

/** How long an unfinished run of another host is taken as live: its process cannot be checked from here. */
const OTHER_HOST_HOURS = 24;

/**
 * Whether the process that holds `run` is still running: on this host, a signal-0 probe of its pid
 * (EPERM means it exists under another user); on another host, unknowable, so live while it
 * started less than a day ago. Runs without a holder (recorded before version 7) are dead.
 */
export function holderAlive(run: Pick<UnfinishedRun, 'pid' | 'host' | 'startedAt'>, now = Date.now()): boolean {
  if (run.pid === null || run.host === null) return false;
  if (run.host !== hostname()) return now - Date.parse(run.startedAt) < OTHER_HOST_HOURS * 3_600_000;
  try {
    process.kill(run.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the run for `plan`: in one write transaction (so two runs starting at once cannot both
 * pass), refuses with `RUN_IN_PROGRESS`, naming the other holder, when a live run holds the same
 * project or output; otherwise records the run (or keeps the caller's `runId`). Returns its id and
 * the killed runs into the same output, which this run finishes.
 */
export function claimRun(db: AppDatabase, plan: RunPlan, startedAt: string, runId: number | undefined): { id: number; killed: UnfinishedRun[] } {
  return db.write(() => {
    const unfinished = listUnfinishedDeidRuns(db, { projectId: plan.project.id, output: plan.output, exceptId: runId ?? -1 });
    const live = unfinished.find((r) => holderAlive(r));
    if (live) {
      const where = live.output === plan.output ? `into ${plan.output}` : `on project ${plan.project.name}`;
      throw new RunSetupError(
        'RUN_IN_PROGRESS',
        `run ${live.id} (${live.command}, pid ${live.pid} on host ${live.host}, started ${live.startedAt}) is still running ${where}: wait for it to finish or stop it, then run again`,
      );
    }
    const id = runId ?? recordRun(db, { projectId: plan.project.id, command: 'deidentify', input: plan.input, output: plan.output, startedAt });
    // An app job's run is recorded before its project is known: it holds the project from now on.
    if (runId !== undefined) setRunProject(db, runId, plan.project.id);
    return { id, killed: unfinished.filter((r) => r.output === plan.output) };
  });
}
