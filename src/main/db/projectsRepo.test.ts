import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, type DeidOptionCode } from '../../shared/deidOptions';
import type { AppDatabase } from './database';
import { openDatabase } from './openDatabase';
import { findProject, getOrCreateProject, listProjects, updateProject } from './projectsRepo';
import { projectSecret } from './projectSecrets';
import { assignSubjects } from './subjectsRepo';

let dir: string;
let file: string;
let db: AppDatabase;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deid-proj-'));
  file = path.join(dir, 't.sqlite');
  db = openDatabase(file);
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('projects repository', () => {
  it('creates a project on first use with defaults and a 32-byte secret, then returns the same one', () => {
    const p = getOrCreateProject(db, 'lung');
    expect(p).toMatchObject({ name: 'lung', prefix: 'SUBJ', width: 5, options: [...DEFAULT_OPTIONS], issuerInKey: true, dateShift: { min: -365, max: -1 } });
    const secret = projectSecret(db, p);
    expect(secret).toHaveLength(32);
    expect(secret.equals(Buffer.alloc(32))).toBe(false);
    db.close();
    db = openDatabase(file);
    const again = getOrCreateProject(db, ' lung ', { prefix: 'OTHER' });
    expect(again.id).toBe(p.id);
    expect(again.prefix).toBe('SUBJ');
    expect(projectSecret(db, again).equals(secret)).toBe(true);
  });

  it('gives two projects independent secrets', () => {
    const a = getOrCreateProject(db, 'a');
    const b = getOrCreateProject(db, 'b', { prefix: 'LUNG', width: 4, options: ['113100'], issuerInKey: true });
    expect(projectSecret(db, a).equals(projectSecret(db, b))).toBe(false);
    expect(b).toMatchObject({ prefix: 'LUNG', width: 4, options: ['113100'], issuerInKey: true });
    expect(listProjects(db).map((p) => p.name)).toEqual(['a', 'b']);
  });

  it('rejects a bad name, prefix, width or option code', () => {
    expect(() => getOrCreateProject(db, '  ')).toThrow(expect.objectContaining({ code: 'PROJECT_INVALID' }));
    expect(() => getOrCreateProject(db, 'x', { prefix: '=cmd' })).toThrow(expect.objectContaining({ code: 'PROJECT_INVALID' }));
    expect(() => getOrCreateProject(db, 'x', { width: 0 })).toThrow(expect.objectContaining({ code: 'PROJECT_INVALID' }));
    expect(() => getOrCreateProject(db, 'x', { options: ['999' as DeidOptionCode] })).toThrow(/unknown option/);
    expect(findProject(db, 'x')).toBeUndefined();
  });

  it('updates settings but refuses to re-key existing subjects', () => {
    const p = getOrCreateProject(db, 'p');
    const secret = projectSecret(db, p);
    const updated = updateProject(db, 'p', { prefix: 'CT', width: 6, options: ['113100', '113101'], issuerInKey: true });
    expect(updated).toMatchObject({ prefix: 'CT', width: 6, options: ['113100', '113101'], issuerInKey: true });
    expect(projectSecret(db, updated).equals(secret)).toBe(true);
    expect(updateProject(db, 'p', { prefix: undefined }).prefix).toBe('CT');
    assignSubjects(db, updated, [{ mrnKey: 'M1', mrn: 'M1' }]);
    expect(() => updateProject(db, 'p', { issuerInKey: false })).toThrow(expect.objectContaining({ code: 'PROJECT_IN_USE' }));
    expect(() => updateProject(db, 'nope', { width: 3 })).toThrow(expect.objectContaining({ code: 'PROJECT_NOT_FOUND' }));
  });

  it('keeps a date-shift range that never contains 0', () => {
    const p = getOrCreateProject(db, 'shift', { dateShift: { min: -30, max: -10 } });
    expect(p.dateShift).toEqual({ min: -30, max: -10 });
    expect(updateProject(db, 'shift', { dateShift: { min: 5, max: 50 } }).dateShift).toEqual({ min: 5, max: 50 });
    expect(() => updateProject(db, 'shift', { dateShift: { min: -5, max: 5 } })).toThrow(/must not contain 0/);
    expect(() => updateProject(db, 'shift', { dateShift: { min: -1, max: -5 } })).toThrow(expect.objectContaining({ code: 'PROJECT_INVALID' }));
  });
});
