import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, unguardCsvField } from '../../src/shared/csv';
import { RunSummarySchema } from '../../src/shared/runSummary';
import { writeHeaderImage } from '../fixtures/headerStudies';
import { runCli } from '../support/runCli';

let work: string;
const db = (): string => join(work, 'db', 'deid.sqlite');
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'deid-hdrcli-'));
  writeHeaderImage(join(work, 'in'), { patientId: 'H1', study: 1, series: 1, instance: 1, acquisitionDate: '20240301' });
  writeHeaderImage(join(work, 'in'), { patientId: 'H2', study: 1, series: 2, instance: 1, acquisitionDate: '20240301' });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('header commands', () => {
  it('sets a project date-shift range, shifts with an imported offset, and exports the scorer mappings', () => {
    const set = runCli(['project', 'set', 'trial', '--db', db(), '--date-shift=-30..-10', '--option=-113106', '--option', '113107']);
    expect(set.status).toBe(0);
    expect(set.stdout).toMatch(/date shift -30\.\.-10/);
    expect(runCli(['project', 'set', 'bad', '--db', db(), '--date-shift=-5..5']).status).toBe(1);

    writeFileSync(join(work, 'pre.csv'), "subj,MRN,date_offset_days\nT-1,H1,'-7\nT-2,H2,-12\n");
    expect(runCli(['import-mapping', '--db', db(), '--project', 'trial', join(work, 'pre.csv')]).status).toBe(0);

    const fail = runCli(['deidentify', join(work, 'in'), '--out', join(work, 'out'), '--db', db(), '--project', 'trial', '--json']);
    expect(fail.status).toBe(2);
    expect(fail.stderr).toMatch(/CONFLICT: study .* holds 2 patients/);
    const split = runCli(['deidentify', join(work, 'in'), '--out', join(work, 'out'), '--db', db(), '--project', 'trial', '--identity-conflict', 'split', '--json']);
    expect(split.status).toBe(0);
    const summary = RunSummarySchema.parse(JSON.parse(split.stdout));
    expect(summary.options).toContain('113107');

    const out = (n: string): string => join(work, n);
    expect(runCli(['export-mapping', '--db', db(), '--project', 'trial', '--out', out('m.csv'), '--uids', out('u.csv'), '--patient-ids', out('p.csv')]).status).toBe(0);
    const mapping = parseCsv(readFileSync(out('m.csv'), 'utf8')).map((r) => r.map(unguardCsvField));
    expect(mapping).toEqual([
      ['subj', 'MRN', 'CT_date', 'shifted_CT_date', 'date_offset_days'],
      ['T-1', 'H1', '20240301', '20240223', '-7'],
      ['T-2', 'H2', '20240301', '20240218', '-12'],
    ]);
    expect(parseCsv(readFileSync(out('p.csv'), 'utf8'))).toEqual([['id_old', 'id_new'], ['H1', 'T-1'], ['H2', 'T-2']]);
    expect(parseCsv(readFileSync(out('u.csv'), 'utf8'))[0]).toEqual(['id_old', 'id_new']);
    expect(runCli(['deidentify', join(work, 'in'), '--out', join(work, 'o2'), '--db', db(), '--identity-conflict', 'maybe']).status).toBe(1);
  });
});
