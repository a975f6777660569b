import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../db/database';
import { openDatabase } from '../../db/openDatabase';
import { addPixelTerms, removePixelTerms } from '../../db/pixelTermsRepo';
import { upsertFileRows } from '../../db/filesRepo';
import { getOrCreateProject } from '../../db/projectsRepo';
import { isAllowed } from '../../phi/defaultAllowlist';
import { matchText } from '../../phi/phiMatch';
import { createPatientMatcher, termListsOf } from './patientMatcher';

let dir: string;
let db: AppDatabase;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deid-matcher-'));
  db = openDatabase(path.join(dir, 'm.sqlite'));
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const row = { patientId: 'P-1', studyUid: null };
const denies = (lists: ReturnType<typeof termListsOf>, word: string): boolean => matchText(word, { exact: new Map(), fuzzy: [], embedded: [] }, lists.allowlist, { deny: lists.denylist }).matched;

describe("the project's lists in the matcher", () => {
  it("matches with the run's project lists, and re-keys stored verdicts when a list changes", () => {
    const p = getOrCreateProject(db, 'p').id;
    const before = createPatientMatcher(db, false, p)(row);
    addPixelTerms(db, p, [{ list: 'allow', kind: 'word', term: 'LOGIQ' }, { list: 'deny', kind: 'word', term: 'Westway' }]);
    const after = createPatientMatcher(db, false, p)(row);
    expect(after.key).not.toBe(before.key);
    expect(isAllowed('LOGIQ', after.match.allowlist)).toBe(true);
    expect(matchText('WESTWAY', after.match.identifiers, after.match.allowlist, { deny: after.match.denylist }).reason).toBe('deny:WESTWAY');
    removePixelTerms(db, p, 'deny', ['Westway']);
    expect(createPatientMatcher(db, false, p)(row).key).not.toBe(after.key);
    // Another project's terms change nothing for this one.
    addPixelTerms(db, getOrCreateProject(db, 'q').id, [{ list: 'deny', kind: 'word', term: 'Elsewhere' }]);
    expect(createPatientMatcher(db, false, p)(row).key).toBe(createPatientMatcher(db, false, p)(row).key);
  });

  it('uses the default project without a project, and no terms when there is none', () => {
    expect(isAllowed('LOGIQ', createPatientMatcher(db, false)(row).match.allowlist)).toBe(false);
    addPixelTerms(db, getOrCreateProject(db, 'default').id, [{ list: 'allow', kind: 'word', term: 'LOGIQ' }]);
    expect(isAllowed('LOGIQ', createPatientMatcher(db, false)(row).match.allowlist)).toBe(true);
  });

  it('allows what every project allows and denies what any denies; an unknown origin gets every denylist', () => {
    const a = getOrCreateProject(db, 'a').id;
    const b = getOrCreateProject(db, 'b').id;
    addPixelTerms(db, a, [{ list: 'allow', kind: 'word', term: 'LOGIQ' }, { list: 'allow', kind: 'word', term: 'ACUSON' }, { list: 'deny', kind: 'word', term: 'Westway' }]);
    addPixelTerms(db, b, [{ list: 'allow', kind: 'word', term: 'LOGIQ' }, { list: 'deny', kind: 'word', term: 'Elsewhere' }]);
    const both = termListsOf(db, [a, b]);
    expect(['LOGIQ', 'ACUSON'].map((w) => isAllowed(w, both.allowlist))).toEqual([true, false]);
    expect(['WESTWAY', 'ELSEWHERE'].map((w) => denies(both, w))).toEqual([true, true]);
    const unknown = termListsOf(db, []);
    expect(isAllowed('LOGIQ', unknown.allowlist)).toBe(false);
    expect(['WESTWAY', 'ELSEWHERE'].map((w) => denies(unknown, w))).toEqual([true, true]);
    expect(denies(termListsOf(db, [b]), 'WESTWAY')).toBe(false);
  });
  it("allows the words of the patient's own devices (Manufacturer, model), never one of the patient's identifiers", () => {
    upsertFileRows(db, [
      { path: path.join(dir, 'a.dcm'), size: 1, mtimeMs: 1, kind: 'dicom', scannedAt: '2025-01-02T03:04:05.000Z', patientId: 'P-1', patientName: 'ACME^JANE', manufacturer: 'ACME Medical', manufacturerModel: 'UST-9123', hasPixelData: true, hasPreamble: false },
    ]);
    const m = createPatientMatcher(db, false, getOrCreateProject(db, 'p').id)(row);
    expect(isAllowed('UST-9123', m.match.allowlist)).toBe(true);
    expect(isAllowed('MEDICAL', m.match.allowlist)).toBe(true);
    // The model is shown in parts too (HDI 5000 on an ATL screen from the model HDI5000/DVS).
    expect(['UST', '9123'].map((w) => isAllowed(w, m.match.allowlist))).toEqual([true, true]);
    // The patient is called Acme: the word names the patient, whatever the device says.
    expect(matchText('ACME', m.match.identifiers, m.match.allowlist).matched).toBe(true);
    expect(createPatientMatcher(db, false, getOrCreateProject(db, 'p').id)({ patientId: 'P-2', studyUid: null }).match.allowlist.words.has('UST-9123')).toBe(false);
  });
});
