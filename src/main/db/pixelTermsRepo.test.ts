import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppDatabase } from './database';
import { openDatabase } from './openDatabase';
import { addPixelTerms, listAllDenyTerms, listPixelTerms, removePixelTerms } from './pixelTermsRepo';
import { getOrCreateProject } from './projectsRepo';

let dir: string;
let db: AppDatabase;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deid-terms-'));
  db = openDatabase(path.join(dir, 't.sqlite'));
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('pixel terms', () => {
  it("keeps each project's two lists apart and counts only new terms", () => {
    const a = getOrCreateProject(db, 'a').id;
    const b = getOrCreateProject(db, 'b').id;
    expect(addPixelTerms(db, a, [{ list: 'allow', kind: 'word', term: ' Liver Protocol ' }, { list: 'deny', kind: 'word', term: 'Westway' }])).toBe(2);
    expect(addPixelTerms(db, a, [{ list: 'allow', kind: 'word', term: 'Liver Protocol' }, { list: 'allow', kind: 'regex', term: '(?i)rex \\d+' }])).toBe(1);
    expect(addPixelTerms(db, b, [{ list: 'deny', kind: 'regex', term: 'RAD-\\d{3}' }])).toBe(1);
    expect(listPixelTerms(db, a).map((t) => [t.list, t.kind, t.term])).toEqual([
      ['allow', 'regex', '(?i)rex \\d+'], ['allow', 'word', 'Liver Protocol'], ['deny', 'word', 'Westway'],
    ]);
    expect(listPixelTerms(db, a, 'deny').map((t) => t.term)).toEqual(['Westway']);
    expect(listPixelTerms(db, a)[0].createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(listAllDenyTerms(db).map((t) => t.term)).toEqual(['RAD-\\d{3}', 'Westway']);
  });

  it('refuses a term the matchers would not accept, and then adds none', () => {
    const a = getOrCreateProject(db, 'a').id;
    expect(() => addPixelTerms(db, a, [{ list: 'allow', kind: 'word', term: 'ok' }, { list: 'allow', kind: 'regex', term: '.+' }])).toThrow(
      expect.objectContaining({ code: 'TERM_TOO_BROAD' }),
    );
    expect(listPixelTerms(db, a)).toEqual([]);
  });

  it('removes terms of either kind, all or none', () => {
    const a = getOrCreateProject(db, 'a').id;
    addPixelTerms(db, a, [{ list: 'allow', kind: 'word', term: 'ACME' }, { list: 'allow', kind: 'regex', term: 'ACME' }, { list: 'allow', kind: 'word', term: 'ZOOM2' }]);
    expect(removePixelTerms(db, a, 'allow', ['ACME', 'missing'])).toEqual(['missing']);
    expect(listPixelTerms(db, a)).toHaveLength(3);
    expect(removePixelTerms(db, a, 'deny', ['ACME'])).toEqual(['ACME']);
    expect(removePixelTerms(db, a, 'allow', ['ACME'], 'regex')).toEqual([]);
    expect(listPixelTerms(db, a).map((t) => `${t.kind}:${t.term}`)).toEqual(['word:ACME', 'word:ZOOM2']);
    expect(removePixelTerms(db, a, 'allow', [' ACME ', 'ZOOM2'])).toEqual([]);
    expect(listPixelTerms(db, a)).toEqual([]);
  });
});
