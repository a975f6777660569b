import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../openDatabase';
import { recordRun } from '../runsRepo';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deid-007-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('migration 007 (run holders and outputs)', () => {
  it('records the process holding each run, and checks output rows', () => {
    const db = openDatabase(path.join(dir, 'db.sqlite'));
    try {
      const id = recordRun(db, { command: 'deidentify', output: '/o', startedAt: new Date().toISOString() });
      expect(db.sqlite.prepare('SELECT pid, host FROM runs WHERE id = ?').get(id)).toEqual({ pid: process.pid, host: os.hostname() });
      const ins = db.sqlite.prepare('INSERT INTO outputs (output, rel_path, sha256, run_id) VALUES (?, ?, ?, ?)');
      expect(() => ins.run('/o', 'a.dcm', 'short', id)).toThrow(/CHECK/);
      expect(() => ins.run('/o', '', 'a'.repeat(64), id)).toThrow(/CHECK/);
      ins.run('/o', 'a.dcm', 'a'.repeat(64), id);
      expect(() => ins.run('/o', 'a.dcm', 'b'.repeat(64), id)).toThrow(/UNIQUE|PRIMARY KEY/);
      db.sqlite.prepare('DELETE FROM runs WHERE id = ?').run(id);
      expect(db.sqlite.prepare('SELECT run_id FROM outputs').pluck().get()).toBeNull();
    } finally {
      db.close();
    }
  });
});
