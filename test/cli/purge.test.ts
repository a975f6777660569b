import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFilesUnder } from '../../src/main/db/filesRepo';
import { openDatabase } from '../../src/main/db/openDatabase';
import { addPixelTerms, listPixelTerms } from '../../src/main/db/pixelTermsRepo';
import { findProject } from '../../src/main/db/projectsRepo';
import { insertRects } from '../../src/main/db/rectsRepo';
import { runCli } from '../support/runCli';
import { writeTinyStudy } from '../support/tinyStudy';

/**
 * `purge --project P`: after it, no byte of the database (main file, WAL, shared memory) holds a
 * marker of the project's patients: their names, the input paths, the OCR text, the names on its
 * deny list (unless --keep-lists); and without --keep-mapping not their MRNs either.
 */
const PATH_MARK = 'PATHMARKQZ';
const OCR_MARK = 'OCRMARKQZ';
/** A name on the project's deny list (a deny list holds names by design). */
const DENY_MARK = 'Denymarkqz';
let work: string;

const databaseBytes = (db: string): string =>
  ['', '-wal', '-shm'].filter((s) => existsSync(db + s)).map((s) => readFileSync(db + s).toString('latin1')).join('');

/** A database where project `p` de-identified the tiny study from a folder named with the path marker, with OCR text recorded. */
function preparedDatabase(name: string): string {
  const input = join(work, name, `in-${PATH_MARK}`);
  writeTinyStudy(input);
  const db = join(work, name, 'db', 'deid.sqlite');
  const r = runCli(['deidentify', input, '--out', join(work, name, 'out'), '--db', db, '--project', 'p', '--headers-only', '--allow-uncleaned']);
  expect(r.status, r.stderr).toBe(0);
  const handle = openDatabase(db);
  try {
    const file = listFilesUnder(handle, input).find((f) => f.kind === 'dicom');
    addPixelTerms(handle, findProject(handle, 'p')?.id as number, [{ list: 'deny', kind: 'word', term: DENY_MARK }, { list: 'allow', kind: 'word', term: 'ALLOWEDWORD' }]);
    insertRects(handle, file?.id as number, [{ plane: 'frame', frame: 0, x: 1, y: 1, w: 5, h: 5, text: `${OCR_MARK} Smith`, source: 'ocr', status: 'proposed', reason: 'name:PatientName' }], 'ocr');
  } finally {
    handle.close();
  }
  const before = databaseBytes(db);
  for (const mark of [PATH_MARK, OCR_MARK, DENY_MARK, 'Smith', 'Jones', 'MRN-A']) expect(before, mark).toContain(mark);
  return db;
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'deid-purge-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('purge', () => {
  it('leaves no name, path, OCR text, denied name or MRN of the project in the database, and removes its reports', () => {
    const db = preparedDatabase('all');
    expect(readdirSync(join(work, 'all', 'db', 'reports')).length).toBeGreaterThan(0);
    // Project p-2's report is not p's.
    const other = 'deidentify-p-2-2026-01-02T03-04-05-678Z.json';
    writeFileSync(join(work, 'all', 'db', 'reports', other), '{}');
    const r = runCli(['purge', '--project', 'p', '--db', db]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/purged project p: 7 indexed files, 1 runs' paths, 1 reports, 2 list terms, 2 subjects, 2 studies/);
    const after = databaseBytes(db);
    for (const mark of [PATH_MARK, OCR_MARK, DENY_MARK, 'ALLOWEDWORD', 'Smith', 'Jones', 'MRN-A', 'MRN-B']) expect(after, mark).not.toContain(mark);
    expect(readdirSync(join(work, 'all', 'db', 'reports'))).toEqual([other]);
    // The project and its key stay: project list still shows it.
    expect(runCli(['project', 'list', '--db', db]).stdout).toMatch(/^p\b/m);
  });

  it('--keep-mapping keeps the subjects, removes the rest', () => {
    const db = preparedDatabase('keep');
    const r = runCli(['purge', '--project', 'p', '--keep-mapping', '--db', db]);
    expect(r.status, r.stderr).toBe(0);
    const after = databaseBytes(db);
    for (const mark of [PATH_MARK, OCR_MARK, DENY_MARK, 'Smith', 'Jones']) expect(after, mark).not.toContain(mark);
    expect(after).toContain('MRN-A');
  });

  it('--keep-lists keeps the allow and deny lists, removes the rest', () => {
    const db = preparedDatabase('lists');
    const r = runCli(['purge', '--project', 'p', '--keep-lists', '--db', db]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/term lists kept/);
    const after = databaseBytes(db);
    for (const mark of [PATH_MARK, OCR_MARK, 'Smith', 'Jones', 'MRN-A']) expect(after, mark).not.toContain(mark);
    const handle = openDatabase(db);
    try {
      expect(listPixelTerms(handle, findProject(handle, 'p')?.id as number).map((t) => `${t.list}:${t.term}`)).toEqual(['allow:ALLOWEDWORD', `deny:${DENY_MARK}`]);
    } finally {
      handle.close();
    }
  });

  it('refuses an unknown project and a missing --project', () => {
    const db = join(work, 'keep', 'db', 'deid.sqlite');
    expect(runCli(['purge', '--project', 'nope', '--db', db]).stderr).toMatch(/no project named "nope"/);
    expect(runCli(['purge', '--db', db]).status).toBe(1);
  });
});
