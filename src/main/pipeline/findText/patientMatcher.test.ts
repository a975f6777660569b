import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDatabase } from '../../db/database';
import { openDatabase } from '../../db/openDatabase';
import { addPixelTerms, removePixelTerms } from '../../db/pixelTermsRepo';
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
});
