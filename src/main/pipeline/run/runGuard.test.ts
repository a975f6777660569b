import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCtSeries } from '../../../../test/fixtures/ctSeries';
import type { AppDatabase } from '../../db/database';
import { openDatabase } from '../../db/openDatabase';
import { getOrCreateProject } from '../../db/projectsRepo';
import { listRuns } from '../../db/runsRepo';
import { deidentifyRun } from './deidentifyRun';
import { claimRun, holderAlive } from './runGuard';
import { planRun, type RunRequest } from './runPlan';

let work: string;
let db: AppDatabase;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'deid-guard-'));
  writeCtSeries(join(work, 'in'), { count: 2, rows: 16, cols: 16, patientId: 'GUARD-1' });
  db = openDatabase(join(work, 'db', 'deid.sqlite'));
});
afterAll(() => {
  db.close();
  rmSync(work, { recursive: true, force: true });
});

const request = (output: string): RunRequest => ({ input: join(work, 'in'), output: join(work, output), workers: 0, pixelCleaning: false, allowUncleaned: true });

/** A pid no process has: one that just exited. */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '0']).pid as number;

/** An unfinished run row as another process would have left it. */
function unfinished(output: string, pid: number, host = hostname(), startedAt = new Date().toISOString()): number {
  const project = getOrCreateProject(db, 'default');
  return Number(
    db.sqlite
      .prepare("INSERT INTO runs (project_id, command, output, started_at, pid, host) VALUES (?, 'deidentify', ?, ?, ?, ?)")
      .run(project.id, join(work, output), startedAt, pid, host).lastInsertRowid,
  );
}

describe('the live-run guard', () => {
  it('refuses a run while a live run holds the output, naming it, and touches nothing', async () => {
    const holder = unfinished('out-live', process.pid);
    await expect(deidentifyRun(db, planRun(db, request('out-live')))).rejects.toMatchObject({
      code: 'RUN_IN_PROGRESS',
      message: expect.stringContaining(`run ${holder} (deidentify, pid ${process.pid} on host ${hostname()}`),
    });
    expect(existsSync(join(work, 'out-live'))).toBe(false);
    // The same project into another folder is refused too.
    await expect(deidentifyRun(db, planRun(db, request('out-other')))).rejects.toMatchObject({ code: 'RUN_IN_PROGRESS', message: expect.stringContaining('on project default') });
    db.sqlite.prepare('UPDATE runs SET finished_at = started_at, exit_code = 130 WHERE id = ?').run(holder);
  });

  it('finishes a killed run (its process is gone), saying so', async () => {
    const killed = unfinished('out-killed', deadPid());
    const summary = await deidentifyRun(db, planRun(db, request('out-killed')));
    expect(summary.exitCode).toBe(0);
    expect(summary.notes).toContainEqual(expect.stringContaining(`run ${killed} into this folder`));
    expect(listRuns(db).find((r) => r.id === killed)).toMatchObject({ exitCode: 130, summary: { interrupted: true } });
  });

  it("an app job's run, recorded without a project, holds the project once its run is claimed", async () => {
    const job = Number(db.sqlite.prepare("INSERT INTO runs (command, output, started_at, pid, host) VALUES ('app:deidentify', ?, ?, ?, ?)").run(join(work, 'out-app'), new Date().toISOString(), process.pid, hostname()).lastInsertRowid);
    const plan = planRun(db, request('out-app'));
    expect(claimRun(db, plan, new Date().toISOString(), job)).toEqual({ id: job, killed: [] });
    await expect(deidentifyRun(db, planRun(db, request('out-cli')))).rejects.toMatchObject({ code: 'RUN_IN_PROGRESS', message: expect.stringContaining(`run ${job} (app:deidentify`) });
    db.sqlite.prepare('UPDATE runs SET finished_at = started_at, exit_code = 0 WHERE id = ?').run(job);
  });

  it('tells live holders from dead ones', () => {
    const now = Date.now();
    expect(holderAlive({ pid: process.pid, host: hostname(), startedAt: new Date(now).toISOString() })).toBe(true);
    expect(holderAlive({ pid: deadPid(), host: hostname(), startedAt: new Date(now).toISOString() })).toBe(false);
    expect(holderAlive({ pid: null, host: null, startedAt: new Date(now).toISOString() })).toBe(false);
    // Another host's process cannot be probed: live for a day, then taken as killed.
    expect(holderAlive({ pid: 1, host: 'elsewhere.invalid', startedAt: new Date(now - 3_600_000).toISOString() }, now)).toBe(true);
    expect(holderAlive({ pid: 1, host: 'elsewhere.invalid', startedAt: new Date(now - 25 * 3_600_000).toISOString() }, now)).toBe(false);
  });
});
