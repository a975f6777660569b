import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../db/database';
import { openDatabase } from '../../db/openDatabase';
import { isInsidePath } from '../../files/realPath';
import { planRun, type RunRequest } from './runPlan';

let dir: string;
let db: AppDatabase;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'deid-paths-'));
  mkdirSync(join(dir, 'in'));
  db = openDatabase(join(dir, 'db', 'deid.sqlite'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const request = (over: Partial<RunRequest>): RunRequest => ({ input: join(dir, 'in'), output: join(dir, 'out'), pixelCleaning: false, ...over });
const refused = (over: Partial<RunRequest>, database: AppDatabase = db): string => {
  try {
    planRun(database, request(over));
  } catch (e) {
    return `${(e as { code?: string }).code}: ${(e as Error).message}`;
  }
  return 'accepted';
};

describe('planRun compares real paths', () => {
  it('accepts a plain layout', () => {
    expect(refused({})).toBe('accepted');
  });

  it('refuses an output that a symbolic link puts inside the input', () => {
    symlinkSync(join(dir, 'in'), join(dir, 'link-to-in'));
    expect(refused({ output: join(dir, 'link-to-in', 'out') })).toMatch(/^OUT_INSIDE_INPUT/);
  });

  it('refuses an input that a symbolic link puts inside the output', () => {
    mkdirSync(join(dir, 'out', 'sub'), { recursive: true });
    symlinkSync(join(dir, 'out', 'sub'), join(dir, 'in-link'));
    expect(refused({ input: join(dir, 'in-link') })).toMatch(/^INPUT_INSIDE_OUT/);
  });

  it('refuses an output that holds the database, directly or through a link', () => {
    expect(refused({ output: join(dir, 'db') })).toMatch(/^REPORT_INSIDE_OUT/);
    symlinkSync(join(dir, 'db'), join(dir, 'db-link'));
    expect(refused({ output: join(dir, 'db-link') })).toMatch(/^REPORT_INSIDE_OUT/);
  });

  it('refuses a mapping CSV inside the output or the input, even through a link', () => {
    mkdirSync(join(dir, 'out'));
    symlinkSync(join(dir, 'out'), join(dir, 'out-link'));
    expect(refused({ mappingCsv: join(dir, 'out-link', 'map.csv') })).toMatch(/^REPORT_INSIDE_OUT/);
    expect(refused({ mappingCsv: join(dir, 'in', 'map.csv') })).toMatch(/^REPORT_INSIDE_INPUT/);
  });

  it('refuses a database inside the input tree', () => {
    const inside = openDatabase(join(dir, 'in', 'deid.sqlite'));
    try {
      expect(refused({}, inside)).toMatch(/^REPORT_INSIDE_INPUT/);
    } finally {
      inside.close();
    }
  });

  for (const name of ['CT/MR', '../x', 'CON', 'nul.txt', 'a b', '..', 'x\\y']) {
    it(`refuses the project name ${JSON.stringify(name)} with a clear message`, () => {
      expect(refused({ project: name })).toMatch(/^PROJECT_NAME: project name .* is not allowed/);
    });
  }

  it('refuses an existing project whose name an earlier version allowed, and says what to do', () => {
    db.sqlite.prepare("INSERT INTO projects (name, options) VALUES ('CT/MR', '[]')").run();
    expect(refused({ project: 'CT/MR' })).toMatch(/earlier version can no longer run: .*export-mapping/);
  });
});

describe('isInsidePath', () => {
  it('folds case on Windows and macOS only', () => {
    expect(isInsidePath('/Data/Out', '/data/out/x', 'win32')).toBe(true);
    expect(isInsidePath('/Data/Out', '/data/out/x', 'darwin')).toBe(true);
    expect(isInsidePath('/Data/Out', '/data/out/x', 'linux')).toBe(false);
  });
});
