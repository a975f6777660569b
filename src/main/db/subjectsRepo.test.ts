import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDatabase } from './database';
import { openDatabase } from './openDatabase';
import { getOrCreateProject } from './projectsRepo';
import { assignSubjects, importSubjects, listSubjects } from './subjectsRepo';

let dir: string;
let file: string;
let db: AppDatabase;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deid-subj-'));
  file = path.join(dir, 't.sqlite');
  db = openDatabase(file);
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const entries = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({ mrnKey: `MRN${from + i}`, mrn: `MRN${from + i}` }));

describe('assignSubjects', () => {
  it('gives distinct PREFIX-NNNNN ids that survive re-opening', () => {
    const project = getOrCreateProject(db, 'p');
    const ids = assignSubjects(db, project, [...entries(200), { mrnKey: 'study:1.2.3', mrn: '' }]);
    expect(ids.size).toBe(201);
    for (const id of ids.values()) expect(id).toMatch(/^SUBJ-\d{5}$/);
    expect(new Set(ids.values()).size).toBe(201);

    db.close();
    db = openDatabase(file);
    const again = assignSubjects(db, getOrCreateProject(db, 'p'), [{ mrnKey: 'MRN7', mrn: 'MRN7' }, ...entries(5, 300)]);
    expect(again.get('MRN7')).toBe(ids.get('MRN7'));
    expect(listSubjects(db, project).size).toBe(206);
    expect(listSubjects(db, project).get('study:1.2.3')).toBe(ids.get('study:1.2.3'));
  });

  it('counts a key repeated in one call once', () => {
    const project = getOrCreateProject(db, 'p');
    const ids = assignSubjects(db, project, [{ mrnKey: 'A', mrn: 'A' }, { mrnKey: 'A', mrn: 'A' }]);
    expect(ids.size).toBe(1);
    expect(listSubjects(db, project).size).toBe(1);
  });

  it('keeps projects independent', () => {
    const a = getOrCreateProject(db, 'a');
    const b = getOrCreateProject(db, 'b', { prefix: 'LUNG', width: 3 });
    const idsA = assignSubjects(db, a, entries(50));
    const idsB = assignSubjects(db, b, entries(50));
    for (const id of idsB.values()) expect(id).toMatch(/^LUNG-\d{3}$/);
    const sameForAll = [...idsA.keys()].every((k) => idsA.get(k)?.slice(5) === idsB.get(k)?.slice(5));
    expect(sameForAll).toBe(false);
  });

  it('fills a small space with redraws up to 90%, then refuses without writing', () => {
    const project = getOrCreateProject(db, 'tiny', { prefix: 'T', width: 1 });
    const ids = assignSubjects(db, project, entries(9));
    expect([...ids.values()].sort()).toHaveLength(9);
    expect(new Set(ids.values()).size).toBe(9);
    expect(() => assignSubjects(db, project, entries(1, 100))).toThrow(
      expect.objectContaining({ code: 'SUBJECT_SPACE_FULL' }),
    );
    const wide = getOrCreateProject(db, 'wide', { prefix: 'W', width: 2 });
    expect(() => assignSubjects(db, wide, entries(91))).toThrow(expect.objectContaining({ code: 'SUBJECT_SPACE_FULL' }));
    expect(listSubjects(db, wide).size).toBe(0);
  });

  it('rejects an empty key', () => {
    const project = getOrCreateProject(db, 'p');
    expect(() => assignSubjects(db, project, [{ mrnKey: '', mrn: '' }])).toThrow(
      expect.objectContaining({ code: 'SUBJECT_INVALID' }),
    );
  });
});

describe('importSubjects', () => {
  it('adds pre-assigned ids, reports repeats as unchanged, and then assigns around them', () => {
    const project = getOrCreateProject(db, 'p', { prefix: 'S', width: 1 });
    const result = importSubjects(db, project, [
      { subj: 'S-1', mrn: ' 100 ' },
      { subj: 'S-2', mrn: '200' },
      { subj: 'S-2', mrn: '200' },
    ]);
    expect(result).toEqual({ ok: true, value: { added: 2, unchanged: 0 } });
    expect(importSubjects(db, project, [{ subj: 'S-1', mrn: '100' }])).toEqual({ ok: true, value: { added: 0, unchanged: 1 } });
    expect(listSubjects(db, project).get('100')).toBe('S-1');

    const ids = assignSubjects(db, project, [{ mrnKey: '100', mrn: '100' }, ...entries(6)]);
    expect(ids.get('100')).toBe('S-1');
    const fresh = [...ids.values()].filter((id) => id !== 'S-1');
    expect(fresh).not.toContain('S-2');
    expect(new Set(fresh).size).toBe(6);
  });

  it('reports every conflict and changes nothing', () => {
    const project = getOrCreateProject(db, 'p');
    importSubjects(db, project, [{ subj: 'SUBJ-00001', mrn: '100' }]);
    const result = importSubjects(db, project, [
      { subj: 'NEW-1', mrn: '300', line: 2 },
      { subj: 'SUBJ-00009', mrn: '100', line: 3 },
      { subj: 'SUBJ-00001', mrn: '200', line: 4 },
      { subj: 'NEW-1', mrn: '400', line: 5 },
      { subj: 'NEW-2', mrn: '300', line: 6 },
      { subj: '=HYPERLINK(1)', mrn: '500', line: 7 },
      { subj: 'NEW-3', mrn: ' ', line: 8 },
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('SUBJECT_IMPORT_CONFLICT');
    expect(result.error.conflicts.map((c) => [c.line, c.kind])).toEqual([
      [3, 'mrn-mapped'],
      [4, 'subject-taken'],
      [5, 'subject-taken'],
      [6, 'mrn-mapped'],
      [7, 'invalid'],
      [8, 'invalid'],
    ]);
    expect(result.error.message).toContain('line 3: MRN 100 is already subject SUBJ-00001');
    expect([...listSubjects(db, project)]).toEqual([['100', 'SUBJ-00001']]);
  });
});
