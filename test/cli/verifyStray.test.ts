import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFiles } from '../support/dicomWalk';
import { runCli } from '../support/runCli';
import { writeTinyStudy } from '../support/tinyStudy';

/**
 * `verify <out> --db F` lists every file of the tree the database did not write, and every one
 * changed since, with the labels the app's verify job uses (`pipeline/write/outputTreeVerdict.ts`),
 * and exits 3 for them.
 */
let work: string;
const db = (): string => join(work, 'db', 'deid.sqlite');
const out = (): string => join(work, 'out');

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'deid-verify-stray-'));
  writeTinyStudy(join(work, 'in'));
  const r = runCli(['deidentify', join(work, 'in'), '--out', out(), '--db', db(), '--project', 'p', '--headers-only', '--allow-uncleaned']);
  expect(r.status, r.stderr).toBe(0);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('verify and the files the database did not write', () => {
  it('exits 0 on the tree as written', () => {
    const r = runCli(['verify', out(), '--db', db()]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/NOT WRITTEN|CHANGED SINCE/);
  });

  it('lists a planted file and a changed one, and exits 3', () => {
    const [first] = listFiles(out()).sort();
    appendFileSync(first, 'x');
    writeFileSync(join(out(), 'planted.txt'), 'not ours');
    const r = runCli(['verify', out(), '--db', db()]);
    expect(r.status, r.stderr).toBe(3);
    expect(r.stderr).toContain(`NOT WRITTEN BY DEID-STUDIO ${join(out(), 'planted.txt')}`);
    expect(r.stderr).toContain(`CHANGED SINCE WRITTEN ${first}`);
    expect(r.stderr).toMatch(/2 files in .* are not as the database wrote them/);
  });
});
