import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDatabase } from './database';
import { listMappingRows } from './mappingRepo';
import { openDatabase } from './openDatabase';
import { getOrCreateProject } from './projectsRepo';
import { freezeStudyDates, linkStudySubjects, refreezeStudyDates } from './studiesRepo';
import { assignSubjects, dateOffsets, importSubjects } from './subjectsRepo';

let dir: string;
let file: string;
let db: AppDatabase;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deid-study-'));
  file = path.join(dir, 't.sqlite');
  db = openDatabase(file);
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('freezeStudyDates', () => {
  it('records the first CT date and keeps it when a later call proposes another', () => {
    const project = getOrCreateProject(db, 'p');
    const subj = assignSubjects(db, project, [{ mrnKey: 'M1', mrn: 'M1' }]).get('M1') as string;
    const first = freezeStudyDates(db, project, [{ studyUid: '1.2.3', subjectId: subj, ctDate: '20240105', source: 'StudyDate' }]);
    expect(first.get('1.2.3')).toEqual({ subjectId: subj, ctDate: '20240105', source: 'StudyDate' });

    db.close();
    db = openDatabase(file);
    const second = freezeStudyDates(db, project, [
      { studyUid: '1.2.3', subjectId: subj, ctDate: '20230101', source: 'AcquisitionDate' },
      { studyUid: '1.2.4', subjectId: subj, ctDate: '', source: null },
    ]);
    expect(second.get('1.2.3')).toEqual({ subjectId: subj, ctDate: '20240105', source: 'StudyDate' });
    expect(second.get('1.2.4')).toEqual({ subjectId: subj, ctDate: '', source: null });
  });

  it('refuses a subject id the project does not have', () => {
    const project = getOrCreateProject(db, 'p');
    expect(() =>
      freezeStudyDates(db, project, [{ studyUid: '1', subjectId: 'SUBJ-00000', ctDate: '', source: null }]),
    ).toThrow(/FOREIGN KEY/);
  });
});

describe('listMappingRows', () => {
  it('lists one row per subject and CT date across all studies, sorted, per project', () => {
    const project = getOrCreateProject(db, 'p');
    const other = getOrCreateProject(db, 'q');
    importSubjects(db, project, [
      { subj: 'B-2', mrn: '200' },
      { subj: 'A-1', mrn: '100' },
      { subj: 'C-3', mrn: '300' },
    ]);
    const study = assignSubjects(db, project, [{ mrnKey: 'study:9.9', mrn: '' }]).get('study:9.9') as string;
    freezeStudyDates(db, project, [
      { studyUid: '1', subjectId: 'B-2', ctDate: '20240301', source: 'StudyDate' },
      { studyUid: '2', subjectId: 'B-2', ctDate: '20230301', source: 'StudyDate' },
      { studyUid: '3', subjectId: 'B-2', ctDate: '20240301', source: 'SeriesDate' },
      { studyUid: '4', subjectId: 'A-1', ctDate: '20220101', source: 'StudyDate' },
      { studyUid: '9.9', subjectId: study, ctDate: '', source: null },
    ]);
    importSubjects(db, other, [{ subj: 'Z-9', mrn: '900' }]);
    freezeStudyDates(db, other, [{ studyUid: '1', subjectId: 'Z-9', ctDate: '20200101', source: 'StudyDate' }]);

    expect(listMappingRows(db, project)).toEqual([
      { subj: 'A-1', mrn: '100', ctDate: '20220101', dateOffsetDays: null },
      { subj: 'B-2', mrn: '200', ctDate: '20230301', dateOffsetDays: null },
      { subj: 'B-2', mrn: '200', ctDate: '20240301', dateOffsetDays: null },
      { subj: study, mrn: '', ctDate: '', dateOffsetDays: null },
    ]);
    expect(listMappingRows(db, other)).toEqual([{ subj: 'Z-9', mrn: '900', ctDate: '20200101', dateOffsetDays: null }]);
  });
});

describe('refreezing, split studies and date offsets', () => {
  it('records an earlier CT date only on request, keeping every subject the study was written under', () => {
    const project = getOrCreateProject(db, 'p');
    const ids = assignSubjects(db, project, [{ mrnKey: 'M1', mrn: 'M1' }, { mrnKey: 'M2', mrn: 'M2' }]);
    const [a, b] = [ids.get('M1') as string, ids.get('M2') as string];
    freezeStudyDates(db, project, [{ studyUid: '1.2', subjectId: a, ctDate: '20240110', source: 'AcquisitionDate' }]);
    linkStudySubjects(db, project, [{ studyUid: '1.2', subjectId: b }]);
    expect(freezeStudyDates(db, project, [{ studyUid: '1.2', subjectId: a, ctDate: '20240101', source: 'AcquisitionDate' }]).get('1.2')?.ctDate).toBe('20240110');
    refreezeStudyDates(db, project, [{ studyUid: '1.2', subjectId: a, ctDate: '20240101', source: 'AcquisitionDate' }]);
    expect(listMappingRows(db, project).map((r) => `${r.subj === a ? 'a' : 'b'}:${r.ctDate}`).sort()).toEqual(['a:20240101', 'b:20240101']);
    expect(() => db.sqlite.prepare("UPDATE studies SET ct_date = '20000101'").run()).toThrow(/frozen/);
  });

  it('draws one offset per subject within the project range, stable across calls, and imports given ones', () => {
    const project = getOrCreateProject(db, 'p', { dateShift: { min: -20, max: -10 } });
    const ids = assignSubjects(db, project, [{ mrnKey: 'M1', mrn: 'M1' }]);
    const first = dateOffsets(db, project, ids.values());
    const offset = first.get(ids.get('M1') as string) as number;
    expect(offset).toBeGreaterThanOrEqual(-20);
    expect(offset).toBeLessThanOrEqual(-10);
    expect(dateOffsets(db, project, ids.values())).toEqual(first);
    expect(importSubjects(db, project, [{ subj: 'S-7', mrn: 'M7', issuer: 'HOSP B', dateOffsetDays: -42 }])).toMatchObject({ ok: true });
    expect(dateOffsets(db, project, ['S-7']).get('S-7')).toBe(-42);
    expect(assignSubjects(db, project, [{ mrnKey: 'HOSP B|M7', mrn: 'M7' }]).get('HOSP B|M7')).toBe('S-7');
    expect(importSubjects(db, project, [{ subj: 'S-7', mrn: 'M7', issuer: 'HOSP B', dateOffsetDays: -41 }])).toMatchObject({ ok: false, error: { conflicts: [{ kind: 'offset-differs' }] } });
  });
});
