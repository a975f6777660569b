import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyFileOf, readKeyFile } from '../../files/keyFile';
import { migrate, schemaVersion } from '../migrate';
import { openDatabase } from '../openDatabase';
import { findProject } from '../projectsRepo';
import { projectSecret } from '../projectSecrets';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deid-006-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const SECRET_A = Buffer.alloc(32, 0xa7);
const SECRET_B = Buffer.from('b1'.repeat(32), 'hex');

/** A database at version 5 whose projects hold their secrets in the `secret` column. */
function oldDatabase(file: string): void {
  const raw = new Database(file);
  raw.pragma('journal_mode = WAL');
  migrate(raw, 5);
  const insert = raw.prepare("INSERT INTO projects (name, secret, options) VALUES (?, ?, '[]')");
  insert.run('lung', SECRET_A);
  insert.run('brain', SECRET_B);
  raw.close();
}

/** The bytes of the database file and its companions, as a copy of them would hold. */
function databaseBytes(file: string): Buffer {
  return Buffer.concat(['', '-wal', '-shm'].filter((s) => fs.existsSync(file + s)).map((s) => fs.readFileSync(file + s)));
}

describe('migration 006 (key file)', () => {
  it('moves each project secret to <db>.key (0600), keeps a fingerprint, and leaves no copy in the database', () => {
    const file = path.join(dir, 'old.sqlite');
    oldDatabase(file);
    expect(databaseBytes(file).includes(SECRET_B)).toBe(true);
    const db = openDatabase(file);
    try {
      expect(schemaVersion(db.sqlite)).toBeGreaterThanOrEqual(6);
      const columns = (db.sqlite.prepare('PRAGMA table_info(projects)').all() as { name: string }[]).map((c) => c.name);
      expect(columns).not.toContain('secret');
      expect(columns).toContain('key_fingerprint');
      const keyFile = keyFileOf(file);
      expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
      expect(readKeyFile(keyFile)).toEqual(new Map([['brain', SECRET_B], ['lung', SECRET_A]]));
      expect(projectSecret(db, findProject(db, 'lung') as { id: number; name: string })).toEqual(SECRET_A);
      expect(projectSecret(db, findProject(db, 'brain') as { id: number; name: string })).toEqual(SECRET_B);
      // Neither the main file nor the WAL holds the secrets any more.
      const bytes = databaseBytes(file);
      expect(bytes.includes(SECRET_A)).toBe(false);
      expect(bytes.includes(SECRET_B)).toBe(false);
    } finally {
      db.close();
    }
  });

  it("keeps the other keys of a key file already there; the database's own secret wins", () => {
    const file = path.join(dir, 'old.sqlite');
    fs.writeFileSync(keyFileOf(file), JSON.stringify({ format: 'deid-studio key file 1', projects: { lung: '00'.repeat(32), kept: 'cc'.repeat(32) } }));
    oldDatabase(file);
    openDatabase(file).close();
    expect(readKeyFile(keyFileOf(file))).toEqual(new Map([['brain', SECRET_B], ['kept', Buffer.alloc(32, 0xcc)], ['lung', SECRET_A]]));
  });

  it('writes no key file when there is no project to move', () => {
    const file = path.join(dir, 'empty.sqlite');
    const raw = new Database(file);
    migrate(raw, 5);
    raw.close();
    openDatabase(file).close();
    expect(fs.existsSync(keyFileOf(file))).toBe(false);
  });
});
