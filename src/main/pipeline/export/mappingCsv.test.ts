import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../db/database';
import { openDatabase } from '../../db/openDatabase';
import { getOrCreateProject } from '../../db/projectsRepo';
import { freezeStudyDates } from '../../db/studiesRepo';
import { assignSubjects, importSubjects, listSubjects } from '../../db/subjectsRepo';
import { readSubjectImportCsv, writeMappingCsv } from './mappingCsv';

let dir: string;
let db: AppDatabase;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deid-map-'));
  db = openDatabase(path.join(dir, 't.sqlite'));
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('writeMappingCsv', () => {
  it('writes subj,MRN,CT_date rows for every study, guarding formula-like MRNs', () => {
    const project = getOrCreateProject(db, 'p');
    const ids = assignSubjects(db, project, [
      { mrnKey: '=1+1', mrn: '=1+1' },
      { mrnKey: '00123', mrn: '00123' },
    ]);
    const a = ids.get('=1+1') as string;
    const b = ids.get('00123') as string;
    freezeStudyDates(db, project, [
      { studyUid: '1', subjectId: a, ctDate: '20240102', source: 'StudyDate' },
      { studyUid: '2', subjectId: b, ctDate: '20230102', source: 'StudyDate' },
      { studyUid: '3', subjectId: b, ctDate: '20220102', source: 'StudyDate' },
    ]);
    const file = path.join(dir, 'mapping.csv');
    expect(writeMappingCsv(db, project, file)).toBe(3);

    const expected = [
      [a, "'=1+1", '20240102'],
      [b, '00123', '20220102'],
      [b, '00123', '20230102'],
    ].sort((x, y) => (x[0] === y[0] ? x[2].localeCompare(y[2]) : x[0] < y[0] ? -1 : 1));
    expect(fs.readFileSync(file, 'utf8')).toBe(`subj,MRN,CT_date\r\n${expected.map((r) => r.join(',')).join('\r\n')}\r\n`);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('round-trips: a written mapping imported into another project gives the same ids', () => {
    const source = getOrCreateProject(db, 'src');
    const ids = assignSubjects(db, source, [
      { mrnKey: '-77', mrn: '-77' },
      { mrnKey: 'A,1', mrn: 'A,1' },
    ]);
    freezeStudyDates(db, source, [
      { studyUid: '1', subjectId: ids.get('-77') as string, ctDate: '20240101', source: 'StudyDate' },
      { studyUid: '2', subjectId: ids.get('-77') as string, ctDate: '20250101', source: 'StudyDate' },
      { studyUid: '3', subjectId: ids.get('A,1') as string, ctDate: '', source: null },
    ]);
    const file = path.join(dir, 'mapping.csv');
    writeMappingCsv(db, source, file);

    const rows = readSubjectImportCsv(fs.readFileSync(file, 'utf8'));
    if (!rows.ok) throw new Error(rows.error.message);
    expect(rows.value.map((r) => [r.subj, r.mrn, r.line])).toEqual(
      expect.arrayContaining([[ids.get('-77'), '-77', expect.any(Number)], [ids.get('A,1'), 'A,1', expect.any(Number)]]),
    );
    const target = getOrCreateProject(db, 'dst');
    expect(importSubjects(db, target, rows.value)).toEqual({ ok: true, value: { added: 2, unchanged: 0 } });
    expect(listSubjects(db, target)).toEqual(listSubjects(db, source));
  });
});

describe('readSubjectImportCsv', () => {
  it('finds subj and MRN columns in any case and order, trims, and skips blank lines', () => {
    const result = readSubjectImportCsv('\uFEFFnote, Mrn ,SUBJ\r\nx, 100 ,S-1\r\n\r\n,,\r\ny,200,S-2\r\n');
    expect(result).toEqual({
      ok: true,
      value: [
        { subj: 'S-1', mrn: '100', line: 2 },
        { subj: 'S-2', mrn: '200', line: 5 },
      ],
    });
  });

  it('names the header problem', () => {
    const result = readSubjectImportCsv('subject,MRN\nS-1,100\n');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('CSV_HEADER');
      expect(result.error.message).toMatch(/line 1: .*subj and MRN/);
    }
    expect(readSubjectImportCsv('')).toMatchObject({ ok: false, error: { code: 'CSV_HEADER' } });
  });

  it('names every line with a missing value, and parse errors with their line', () => {
    const result = readSubjectImportCsv('subj,MRN\nS-1,\n,200\nS-3,300\n');
    expect(result).toMatchObject({ ok: false, error: { code: 'CSV_ROW' } });
    if (!result.ok) expect(result.error.message).toBe('line 2: MRN is empty; line 3: subj is empty');
    const broken = readSubjectImportCsv('subj,MRN\nS-1,"100\n');
    expect(broken).toMatchObject({ ok: false, error: { code: 'CSV_PARSE' } });
    if (!broken.ok) expect(broken.error.message).toMatch(/line 2/);
  });
});
