import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCtSeries } from '../../../test/fixtures/ctSeries';
import { listFiles } from '../../../test/support/dicomWalk';
import type { AppDatabase } from '../db/appDatabase';
import { openDatabase } from '../db/openDatabase';
import { getOrCreateProject } from '../db/projectsRepo';
import { deidentifyRun, RunSetupError } from './deidentifyRun';

let work: string;
let db: AppDatabase;
const options = ['113100', '113106', '113108'] as const;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'deid-run-'));
  writeCtSeries(join(work, 'in'), { count: 12, rows: 32, cols: 32, patientId: 'RUN-1' });
  db = openDatabase(join(work, 'db', 'deid.sqlite'));
});
afterAll(() => {
  db.close();
  rmSync(work, { recursive: true, force: true });
});

type RunOptions = Parameters<typeof deidentifyRun>[0];
const run = (signal?: AbortSignal, onProgress?: RunOptions['onProgress'], output = join(work, 'out')) =>
  deidentifyRun({
    input: join(work, 'in'),
    output,
    db,
    project: getOrCreateProject(db, 'default'),
    options: [...options],
    mappingCsv: join(work, 'db', 'mapping.csv'),
    reportDir: join(work, 'db', 'reports'),
    allowUncleaned: false,
    overwrite: false,
    workers: 0,
    signal,
    onProgress,
  });

describe('deidentifyRun', () => {
  it('stops cleanly when cancelled (exit 130, no partial files) and resumes on the next run', async () => {
    const controller = new AbortController();
    const first = await run(controller.signal, (p) => {
      if (p.phase === 'deidentify' && p.done === 4) controller.abort();
    });
    expect(first.interrupted).toBe(true);
    expect(first.exitCode).toBe(130);
    const partial = listFiles(join(work, 'out'));
    expect(partial.length).toBeGreaterThanOrEqual(4);
    expect(partial.length).toBeLessThan(12);
    expect(partial.some((f) => f.endsWith('.tmp'))).toBe(false);

    const second = await run();
    expect(second.exitCode).toBe(0);
    expect(second.counts.unchanged).toBe(partial.length);
    expect(second.counts.written).toBe(12 - partial.length);
    expect(listFiles(join(work, 'out'))).toHaveLength(12);
    expect(readdirSync(join(work, 'db', 'reports')).length).toBe(2);
  });

  it('reports progress with counts for scan and de-identification', async () => {
    const phases = new Map<string, number>();
    await run(undefined, (p) => phases.set(p.phase, Math.max(phases.get(p.phase) ?? 0, p.done)));
    expect(phases.get('deidentify')).toBe(12);
  });

  it('refuses an output folder inside the input', async () => {
    await expect(run(undefined, undefined, join(work, 'in', 'out'))).rejects.toBeInstanceOf(RunSetupError);
  });
});
