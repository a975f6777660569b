import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listMappingRows } from '../mappingRepo';
import { migrate, schemaVersion } from '../migrate';
import { openDatabase } from '../openDatabase';
import { findProject } from '../projectsRepo';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deid-004-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('migration 004 (headers)', () => {
  it('gives existing projects the default date-shift range and keeps their studies in the mapping', () => {
    const file = path.join(dir, 'old.sqlite');
    const raw = new Database(file);
    migrate(raw, 3);
    raw.prepare("INSERT INTO projects (name, secret, options) VALUES ('p', ?, '[]')").run(Buffer.alloc(32, 1));
    raw.prepare("INSERT INTO subjects (project_id, mrn_key, mrn, subject_id) VALUES (1, 'M1', 'M1', 'S-1')").run();
    raw.prepare("INSERT INTO studies (project_id, study_uid, subject_id, ct_date) VALUES (1, '1.2.3', 'S-1', '20240101')").run();
    expect(migrate(raw, 4)).toEqual([4]);
    expect(schemaVersion(raw)).toBe(4);
    expect(() => raw.prepare("UPDATE subjects SET date_offset_days = 0").run()).toThrow(/CHECK/);
    raw.close();

    const db = openDatabase(file);
    try {
      const project = findProject(db, 'p');
      expect(project?.dateShift).toEqual({ min: -365, max: -1 });
      expect(project?.issuerInKey).toBe(false);
      expect(listMappingRows(db, { id: 1 })).toEqual([{ subj: 'S-1', mrn: 'M1', ctDate: '20240101', dateOffsetDays: null }]);
    } finally {
      db.close();
    }
  });
});
