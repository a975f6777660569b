import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDatabase } from './database';
import { nameDatabaseFile } from './databaseError';
import { openDatabase } from './openDatabase';
import { recordRun } from './runsRepo';

let dir: string;
let db: AppDatabase;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deid-dberr-'));
  db = openDatabase(path.join(dir, 'full.sqlite'));
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('database errors name the file', () => {
  it('"database or disk is full" in a write comes back as DB_IO naming the database file', () => {
    // A page limit at the current size makes the file as full as a full disk would.
    const pages = db.sqlite.pragma('page_count', { simple: true }) as number;
    db.sqlite.pragma(`max_page_count = ${pages}`);
    const huge = 'x'.repeat(1 << 20);
    let thrown: unknown;
    try {
      db.write(() => recordRun(db, { command: 'scan', input: huge, startedAt: new Date().toISOString() }));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toMatchObject({ code: 'DB_IO', file: db.file });
    expect((thrown as Error).message).toBe(`database ${db.file}: database or disk is full`);
  });

  it('leaves errors that are not SQLite errors as they are', () => {
    const plain = new Error('not sqlite');
    expect(nameDatabaseFile(plain, db.file)).toBe(plain);
  });
});
