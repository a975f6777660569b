import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDatabase } from './database';
import { listMappingRows } from './mappingRepo';
import { openDatabase } from './openDatabase';
import { getOrCreateProject } from './projectsRepo';
import { freezeStudyDates } from './studiesRepo';
import { assignSubjects, importSubjects } from './subjectsRepo';

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
      { subj: 'A-1', mrn: '100', ctDate: '20220101' },
      { subj: 'B-2', mrn: '200', ctDate: '20230301' },
      { subj: 'B-2', mrn: '200', ctDate: '20240301' },
      { subj: study, mrn: '', ctDate: '' },
    ]);
    expect(listMappingRows(db, other)).toEqual([{ subj: 'Z-9', mrn: '900', ctDate: '20200101' }]);
  });
});
