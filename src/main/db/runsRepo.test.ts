import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDatabase } from './database';
import { openDatabase } from './openDatabase';
import { getOrCreateProject } from './projectsRepo';
import { finishRun, listRuns, recordRun } from './runsRepo';

let dir: string;
let db: AppDatabase;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deid-runs-'));
  db = openDatabase(path.join(dir, 't.sqlite'));
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('runs repository', () => {
  it('records, finishes and lists runs, newest first, filtered by project', () => {
    const p = getOrCreateProject(db, 'p');
    const scan = recordRun(db, { command: 'scan', input: '/in', startedAt: '2025-01-01T00:00:00Z', exitCode: 0 });
    const deid = recordRun(db, { projectId: p.id, command: 'deid', input: '/in', output: '/out', startedAt: '2025-01-01T00:01:00Z' });
    finishRun(db, deid, { finishedAt: '2025-01-01T00:02:00Z', exitCode: 1, summary: { files: 3, failed: 1 } });

    const all = listRuns(db);
    expect(all.map((r) => r.id)).toEqual([deid, scan]);
    expect(all[0]).toEqual({
      id: deid,
      projectId: p.id,
      command: 'deid',
      input: '/in',
      output: '/out',
      startedAt: '2025-01-01T00:01:00Z',
      finishedAt: '2025-01-01T00:02:00Z',
      exitCode: 1,
      summary: { files: 3, failed: 1 },
    });
    expect(all[1]).toMatchObject({ projectId: null, output: null, summary: null, exitCode: 0 });
    expect(listRuns(db, { projectId: p.id }).map((r) => r.id)).toEqual([deid]);
    expect(listRuns(db, { limit: 1 })).toHaveLength(1);
  });
});
