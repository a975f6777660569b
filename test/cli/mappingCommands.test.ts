import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/shared/csv';
import { RunSummarySchema } from '../../src/shared/runSummary';
import { buildStudyFolder, type StudyFixture } from '../fixtures/buildStudy';
import { listFiles, parseFile, topText } from '../support/dicomWalk';
import { runCli } from '../support/runCli';

let work: string;
let fixture: StudyFixture;
const db = (): string => join(work, 'db', 'deid.sqlite');

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'deid-map-'));
  fixture = buildStudyFolder(join(work, 'in'), { junk: false });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('scan, import-mapping, export-mapping, export-metadata', () => {
  it('scans a folder into the index and reports what it found', () => {
    const r = runCli(['scan', join(work, 'in'), '--db', db()]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/scanned \d+ files/);
    expect(statSync(db()).mode & 0o777).toBe(0o600);
  });

  it('uses pre-assigned subject ids, refuses conflicting ones, and exports the cumulative mapping', () => {
    const csv = join(work, 'pre.csv');
    writeFileSync(csv, 'subj,MRN\r\nTRIAL-001,MRN-A-7781\r\n');
    expect(runCli(['import-mapping', '--db', db(), '--project', 'trial', csv]).status).toBe(0);
    writeFileSync(join(work, 'clash.csv'), 'subj,MRN\nTRIAL-001,MRN-B-2290\n');
    const clash = runCli(['import-mapping', '--db', db(), '--project', 'trial', join(work, 'clash.csv')]);
    expect(clash.status).toBe(1);
    expect(clash.stderr).toMatch(/line 2/);

    const run = runCli(['deidentify', join(work, 'in'), '--out', join(work, 'out'), '--db', db(), '--project', 'trial', '--allow-uncleaned', '--json']);
    const summary = RunSummarySchema.parse(JSON.parse(run.stdout));
    expect(summary.counts.written).toBeGreaterThan(10);
    const patientA = fixture.files.filter((f) => f.patientId === 'MRN-A-7781' && (f.kind === 'image' || f.kind === 'sr'));
    const outA = listFiles(join(work, 'out', 'TRIAL-001'));
    expect(outA.length).toBe(patientA.length);
    expect(topText(parseFile(outA[0]), 0x00100020)).toBe('TRIAL-001');

    const exported = join(work, 'mapping.csv');
    expect(runCli(['export-mapping', '--db', db(), '--project', 'trial', '--out', exported]).status).toBe(0);
    const rows = parseCsv(readFileSync(exported, 'utf8'));
    expect(rows[0]).toEqual(['subj', 'MRN', 'CT_date']);
    expect(rows.filter((r) => r[0] === 'TRIAL-001').map((r) => r[2]).sort()).toEqual(['20220921', '20230215']);
    expect(readFileSync(summary.mappingCsv as string, 'utf8')).toBe(readFileSync(exported, 'utf8'));
  });

  it('creates projects with their own subject-id format', () => {
    const set = runCli(['project', 'set', 'ku', '--prefix', 'KU', '--width', '4', '--db', db()]);
    expect(set.status).toBe(0);
    expect(set.stdout).toMatch(/^ku\tids like KU-0000/);
    const run = runCli(['deidentify', join(work, 'in'), '--out', join(work, 'out-ku'), '--db', db(), '--project', 'ku', '--allow-uncleaned']);
    expect([0, 2, 3]).toContain(run.status);
    const ids = new Set(listFiles(join(work, 'out-ku')).map((f) => topText(parseFile(f), 0x00100020)));
    expect([...ids].every((id) => /^KU-\d{4}$/.test(id ?? ''))).toBe(true);
    expect(runCli(['project', 'list', '--db', db()]).stdout).toMatch(/^ku\t/m);
  });

  it('exports the indexed headers as CSV', () => {
    const out = join(work, 'meta.csv');
    expect(runCli(['export-metadata', '--db', db(), '--out', out]).status).toBe(0);
    const rows = parseCsv(readFileSync(out, 'utf8'));
    const header = rows[0];
    expect(header).toEqual(expect.arrayContaining(['path', 'patient_id', 'patient_name', 'study_uid', 'transfer_syntax']));
    const col = header.indexOf('patient_name');
    expect(rows.some((r) => r[col] === 'Müller^Jürgen')).toBe(true);
  });

  it('explains usage errors with exit code 1', () => {
    expect(runCli(['deidentify', join(work, 'in')]).status).toBe(1);
    expect(runCli(['scan', join(work, 'missing')]).stderr).toMatch(/cannot read/);
    expect(runCli(['frobnicate']).status).toBe(1);
    const help = runCli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/deid-studio deidentify <folder> --out <dir>/);
  });
});
