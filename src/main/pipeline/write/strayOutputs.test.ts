import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCtSeries } from '../../../../test/fixtures/ctSeries';
import { listFiles } from '../../../../test/support/dicomWalk';
import type { AppDatabase } from '../../db/database';
import { openDatabase } from '../../db/openDatabase';
import { deidentifyRun } from '../run/deidentifyRun';
import { planRun } from '../run/runPlan';
import { findStrayOutputs } from './strayOutputs';

let work: string;
let db: AppDatabase;
const out = (): string => join(work, 'out');
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'deid-stray-'));
  writeCtSeries(join(work, 'in'), { count: 3, rows: 16, cols: 16, patientId: 'STRAY-1' });
  db = openDatabase(join(work, 'db', 'deid.sqlite'));
  const summary = await deidentifyRun(db, planRun(db, { input: join(work, 'in'), output: out(), workers: 0, pixelCleaning: false, allowUncleaned: true }));
  expect(summary.counts.written).toBe(3);
});
afterAll(() => {
  db.close();
  rmSync(work, { recursive: true, force: true });
});

describe('files the database did not write', () => {
  it('none right after a run: every output is recorded with its digest and SOP Instance UID', async () => {
    expect(await findStrayOutputs(db, out())).toEqual([]);
    const rows = db.sqlite.prepare('SELECT rel_path, sop_instance_uid, sha256 FROM outputs').all() as { sop_instance_uid: string; sha256: string }[];
    expect(rows).toHaveLength(3);
    for (const r of rows) {
      expect(r.sop_instance_uid).toMatch(/^2\.25\./);
      expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('lists a file added to the tree, and one changed since it was written', async () => {
    const [first] = listFiles(out());
    appendFileSync(first, 'x');
    mkdirSync(join(out(), 'extra'));
    writeFileSync(join(out(), 'extra', 'copied.dcm'), 'not ours');
    expect(await findStrayOutputs(db, out())).toEqual([
      { path: join(out(), 'extra', 'copied.dcm'), kind: 'unknown' },
      { path: first, kind: 'changed' },
    ].sort((a, b) => (a.path < b.path ? -1 : 1)));
  });

  it('a re-run over the changed tree writes the file again and records it', async () => {
    rmSync(join(out(), 'extra'), { recursive: true });
    await deidentifyRun(db, planRun(db, { input: join(work, 'in'), output: out(), workers: 0, pixelCleaning: false, allowUncleaned: true, overwrite: true }));
    expect(await findStrayOutputs(db, out())).toEqual([]);
  });
});
