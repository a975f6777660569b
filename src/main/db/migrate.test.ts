import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatabaseError } from './databaseError';
import { LATEST_VERSION, MIGRATIONS, type Migration, migrate, schemaVersion } from './migrate';

let dir: string;
let db: Database.Database;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deid-mig-'));
  db = new Database(path.join(dir, 'm.sqlite'));
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const step = (version: number, sql: string): Migration => ({ version, name: `v${version}`, up: (d) => d.exec(sql) });

describe('migrate', () => {
  it('lists migrations in strictly increasing order ending at LATEST_VERSION', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    expect(versions[0]).toBe(1);
    expect(LATEST_VERSION).toBe(versions[versions.length - 1]);
  });

  it('applies pending steps in order, records each version, and is idempotent', () => {
    const list = [step(1, 'CREATE TABLE a (x)'), step(2, 'ALTER TABLE a ADD COLUMN y'), step(3, 'CREATE TABLE b (z)')];
    expect(migrate(db, 2, list)).toEqual([1, 2]);
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'b'").pluck().get()).toBe(0);
    expect(migrate(db, 3, list)).toEqual([3]);
    expect(migrate(db, 3, list)).toEqual([]);
    expect(schemaVersion(db)).toBe(3);
  });

  it('rolls back a failing step and keeps the version of the last good one', () => {
    const list = [step(1, 'CREATE TABLE a (x)'), step(2, 'CREATE TABLE c (x); CREATE TABLE a (x)')];
    let error: unknown;
    try {
      migrate(db, 2, list);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseError).code).toBe('DB_MIGRATION');
    expect((error as DatabaseError).message).toContain('migration 2 (v2)');
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'c'").pluck().get()).toBe(0);
  });

  it('refuses a database newer than the known migrations', () => {
    db.pragma('user_version = 7');
    expect(() => migrate(db, 7, [step(1, 'CREATE TABLE a (x)')])).toThrow(/newer/);
  });

  it('rejects a migration list out of order', () => {
    expect(() => migrate(db, 5, [step(2, 'SELECT 1'), step(1, 'SELECT 1')])).toThrow(/must be an integer above/);
  });
});
