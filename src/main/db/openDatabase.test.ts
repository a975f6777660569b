import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatabaseError } from './databaseError';
import { LATEST_VERSION } from './migrate';
import { openDatabase } from './openDatabase';

const posix = process.platform !== 'win32';
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deid-db-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function mode(file: string): number {
  return fs.statSync(file).mode & 0o777;
}

describe('openDatabase', () => {
  it('creates a private folder and file in WAL mode at the latest schema', () => {
    const file = path.join(dir, 'nested', 'app.sqlite');
    const db = openDatabase(file);
    try {
      expect(db.file).toBe(file);
      expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.sqlite.pragma('busy_timeout', { simple: true })).toBe(10000);
      expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.sqlite.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
      expect(db.sqlite.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
      if (posix) {
        expect(mode(path.dirname(file))).toBe(0o700);
        expect(mode(file)).toBe(0o600);
        expect(fs.existsSync(`${file}-wal`)).toBe(true);
        expect(mode(`${file}-wal`)).toBe(0o600);
        expect(mode(`${file}-shm`)).toBe(0o600);
      }
    } finally {
      db.close();
    }
  });

  it.runIf(posix)('tightens an existing file and companions left world-readable', () => {
    const file = path.join(dir, 'loose.sqlite');
    openDatabase(file).close();
    const raw = new Database(file);
    raw.exec('CREATE TABLE keep_wal (x)');
    fs.chmodSync(file, 0o644);
    for (const s of ['-wal', '-shm']) if (fs.existsSync(file + s)) fs.chmodSync(file + s, 0o644);
    const db = openDatabase(file);
    raw.close();
    expect(mode(file)).toBe(0o600);
    for (const s of ['-wal', '-shm']) if (fs.existsSync(file + s)) expect(mode(file + s)).toBe(0o600);
    db.close();
  });

  it('re-opens without re-running migrations and keeps data', () => {
    const file = path.join(dir, 'app.sqlite');
    const first = openDatabase(file);
    first.sqlite.prepare("INSERT INTO files (path, kind) VALUES ('/a', 'dicom')").run();
    first.close();
    const second = openDatabase(file);
    expect(second.sqlite.prepare('SELECT count(*) FROM files').pluck().get()).toBe(1);
    second.close();
  });

  it('opens read-only an existing database and refuses writes', () => {
    const file = path.join(dir, 'app.sqlite');
    openDatabase(file).close();
    const ro = openDatabase(file, { readonly: true });
    expect(ro.readonly).toBe(true);
    expect(() => ro.sqlite.prepare("INSERT INTO files (path, kind) VALUES ('/a', 'dicom')").run()).toThrow(/readonly/);
    ro.close();
  });

  it('throws DB_OPEN naming the file when it cannot be opened', () => {
    const missing = path.join(dir, 'missing.sqlite');
    const error = catchError(() => openDatabase(missing, { readonly: true }));
    expect(error.code).toBe('DB_OPEN');
    expect(error.file).toBe(missing);
    expect(error.message).toContain(missing);

    const notADb = path.join(dir, 'text.sqlite');
    fs.writeFileSync(notADb, 'this is not a database, just some text that is long enough to have a header');
    expect(catchError(() => openDatabase(notADb)).code).toBe('DB_OPEN');

    const aFolder = path.join(dir, 'folder.sqlite');
    fs.mkdirSync(aFolder);
    expect(catchError(() => openDatabase(aFolder)).code).toBe('DB_OPEN');
  });

  it('refuses a database written by a newer version, and an unmigrated one read-only', () => {
    const newer = path.join(dir, 'newer.sqlite');
    const raw = new Database(newer);
    raw.pragma(`user_version = ${LATEST_VERSION + 1}`);
    raw.close();
    expect(catchError(() => openDatabase(newer)).code).toBe('DB_TOO_NEW');
    expect(catchError(() => openDatabase(newer, { readonly: true })).code).toBe('DB_TOO_NEW');

    const empty = path.join(dir, 'empty.sqlite');
    new Database(empty).exec('CREATE TABLE t (x)');
    expect(catchError(() => openDatabase(empty, { readonly: true })).code).toBe('DB_NOT_MIGRATED');
  });
});

function catchError(fn: () => unknown): DatabaseError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DatabaseError) return error;
    throw error;
  }
  throw new Error('expected a DatabaseError');
}
