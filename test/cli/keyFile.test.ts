import { copyFileSync, existsSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashTree } from '../support/dicomWalk';
import { runCli } from '../support/runCli';
import { writeTinyStudy } from '../support/tinyStudy';

/**
 * The key file beside the database: a run whose key is missing or wrong refuses to start (exit 1,
 * nothing written) instead of minting a new key; with the key restored from backup it writes the
 * same bytes as before.
 */
let work: string;
const db = (): string => join(work, 'db', 'deid.sqlite');
const key = (): string => `${db()}.key`;
const deidentify = (out: string, database = db()): ReturnType<typeof runCli> =>
  runCli(['deidentify', join(work, 'in'), '--out', out, '--db', database, '--headers-only', '--allow-uncleaned']);

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'deid-key-cli-'));
  writeTinyStudy(join(work, 'in'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the key file', () => {
  it('is made 0600 beside a brand-new database by the first run', () => {
    const r = deidentify(join(work, 'out'));
    expect(r.status, r.stderr).toBe(0);
    expect(statSync(key()).mode & 0o777).toBe(0o600);
  });

  it('missing: the run refuses to start (KEY_MISSING words: how to restore it), writes nothing, mints no key', () => {
    const before = hashTree(join(work, 'out'));
    renameSync(key(), `${key()}.backup`);
    rmSync(join(work, 'out'), { recursive: true });
    const r = deidentify(join(work, 'out'));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`the key file ${key()} is missing`);
    expect(r.stderr).toMatch(/Restore it from that backup/);
    expect(existsSync(join(work, 'out'))).toBe(false);
    expect(existsSync(key())).toBe(false);
    // Restored from the backup, the same run writes the same bytes.
    renameSync(`${key()}.backup`, key());
    const again = deidentify(join(work, 'out'));
    expect(again.status, again.stderr).toBe(0);
    expect(hashTree(join(work, 'out'))).toEqual(before);
  });

  it("wrong (another database's key file): KEY_MISMATCH, nothing written", () => {
    const other = join(work, 'other', 'deid.sqlite');
    expect(deidentify(join(work, 'out-other'), other).status).toBe(0);
    copyFileSync(key(), `${key()}.backup`);
    copyFileSync(`${other}.key`, key());
    const r = deidentify(join(work, 'out-2'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/is not the key database .* was written with/);
    expect(existsSync(join(work, 'out-2'))).toBe(false);
    copyFileSync(`${key()}.backup`, key());
  });
});
