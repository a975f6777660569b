import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDatabase } from './database';
import { keyFileOf } from '../files/keyFile';
import { openDatabase } from './openDatabase';
import { getOrCreateProject } from './projectsRepo';
import { pinProjectSecret, projectSecret } from './projectSecrets';

let dir: string;
let file: string;
let db: AppDatabase;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deid-key-'));
  file = path.join(dir, 'deid.sqlite');
  db = openDatabase(file);
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('project secrets in the key file', () => {
  it('a brand-new database mints the key file, 0600, beside it; the database holds no secret', () => {
    const p = getOrCreateProject(db, 'lung');
    const keyFile = keyFileOf(file);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const secret = projectSecret(db, p);
    expect(fs.readFileSync(keyFile, 'utf8')).toContain(secret.toString('hex'));
    db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    expect(fs.readFileSync(file).includes(secret)).toBe(false);
    expect(fs.readFileSync(file).includes(Buffer.from(secret.toString('hex')))).toBe(false);
  });

  it('refuses with KEY_MISSING, saying how to restore it, when the key file is gone; mints none', () => {
    const p = getOrCreateProject(db, 'lung');
    const keyFile = keyFileOf(file);
    fs.rmSync(keyFile);
    expect(() => projectSecret(db, p)).toThrow(expect.objectContaining({ code: 'KEY_MISSING', message: expect.stringMatching(/missing.*Restore it from that backup/) }));
    // A new project would mint a fresh key file that hides the loss: refused too.
    expect(() => getOrCreateProject(db, 'brain')).toThrow(expect.objectContaining({ code: 'KEY_MISSING' }));
    expect(fs.existsSync(keyFile)).toBe(false);
  });

  it('refuses with KEY_MISMATCH a key file of another database, and one that is not a key file', () => {
    const p = getOrCreateProject(db, 'lung');
    const other = openDatabase(path.join(dir, 'other.sqlite'));
    try {
      getOrCreateProject(other, 'lung');
    } finally {
      other.close();
    }
    fs.copyFileSync(keyFileOf(path.join(dir, 'other.sqlite')), keyFileOf(file));
    expect(() => projectSecret(db, p)).toThrow(expect.objectContaining({ code: 'KEY_MISMATCH', message: expect.stringContaining(keyFileOf(file)) }));
    fs.writeFileSync(keyFileOf(file), 'not json');
    expect(() => projectSecret(db, p)).toThrow(expect.objectContaining({ code: 'KEY_MISMATCH' }));
  });

  it('a pinned secret is the one read back', () => {
    const p = getOrCreateProject(db, 'lung');
    pinProjectSecret(db, p, Buffer.alloc(32, 9));
    expect(projectSecret(db, p)).toEqual(Buffer.alloc(32, 9));
  });
});
