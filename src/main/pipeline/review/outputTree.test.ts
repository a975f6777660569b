import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../db/database';
import type { StoredFileRow } from '../../db/fileRow';
import { openDatabase } from '../../db/openDatabase';
import { recordOutput } from '../../db/outputsRepo';
import { getOrCreateProject } from '../../db/projectsRepo';
import { recordRun } from '../../db/runsRepo';
import { describeOutputTree, judgeOutputTree, type OutputTreeStatus } from './outputTree';

let dir: string;
let db: AppDatabase;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deid-outtree-'));
  db = openDatabase(path.join(dir, 'db.sqlite'));
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const row = (id: number, sop: string | null, kind: StoredFileRow['kind'] = 'dicom'): StoredFileRow =>
  ({ id, path: `/t/${id}.dcm`, kind, sopInstanceUid: sop, size: 1, mtimeMs: 1 }) as StoredFileRow;

const readOnly = (s: OutputTreeStatus): Extract<OutputTreeStatus, { readOnly: true }> => {
  if (!s.readOnly) throw new Error('expected a read-only tree');
  return s;
};

describe('judgeOutputTree', () => {
  it('a folder with no PatientIdentityRemoved YES is reviewed as usual', () => {
    expect(judgeOutputTree(db, [row(1, '1.2.1'), row(2, null, 'non-dicom')], () => false)).toEqual({ readOnly: false });
  });

  it('recognises the outputs this database recorded, by SOP Instance UID, and names their run', () => {
    const project = getOrCreateProject(db, 'p');
    const runId = recordRun(db, { command: 'deidentify', output: '/t', startedAt: new Date().toISOString() });
    for (const [i, sop] of ['1.2.1', '1.2.2'].entries()) {
      recordOutput(db, { output: '/elsewhere', relPath: `f${i}.dcm`, sopInstanceUid: sop, sha256: 'a'.repeat(64), projectId: project.id, runId });
    }
    const s = readOnly(judgeOutputTree(db, [row(1, '1.2.1'), row(2, '1.2.2')], () => true));
    expect(s).toEqual({ readOnly: true, identityRemoved: 2, recorded: 2, runIds: [runId] });
    expect(describeOutputTree(s)).toBe(`read-only: output of run ${runId} (de-identified by this database)`);
  });

  it('a de-identified tree this database did not write is read-only too, and says so', () => {
    const s = readOnly(judgeOutputTree(db, [row(1, '9.9.1'), row(2, '9.9.2'), row(3, '9.9.3')], (r) => r.id !== 3));
    expect(s).toEqual({ readOnly: true, identityRemoved: 2, recorded: 0, runIds: [] });
    expect(describeOutputTree(s)).toMatch(/^read-only: de-identified data not written by this database/);
  });
});
