/**
 * Issue 13's acceptance, through the run the CLI and the app use: honest names under every date
 * option, date shifting, CT dates that do not depend on arrival order, identities that never split
 * silently, and the scorer's mappings.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { datesOf, writeHeaderImage, type HeaderImage } from '../../../../test/fixtures/headerStudies';
import { hashTree, listFiles, parseFile, topText, visitElements } from '../../../../test/support/dicomWalk';
import { parseCsv, unguardCsvField } from '../../../shared/csv';
import { TAG } from '../../dicom/dictionary';
import { readAscii } from '../../dicom/elementValues';
import type { AppDatabase } from '../../db/database';
import { openDatabase } from '../../db/openDatabase';
import { getOrCreateProject } from '../../db/projectsRepo';
import { shiftDate } from '../../deid/dateShift';
import { writePatientIdMappingCsv, writeUidMappingCsv } from '../export/mappingCsv';
import { deidentifyRun } from './deidentifyRun';
import { planRun, type RunRequest } from './runPlan';

let work: string;
let db: AppDatabase;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'deid-headers-'));
  db = openDatabase(join(work, 'db', 'deid.sqlite'));
});
afterEach(() => {
  db.close();
  rmSync(work, { recursive: true, force: true });
});

// Headers only: pixels are not read, so the images are written marked uncleaned (this file checks headers).
const run = (input: string, output: string, extra: Partial<RunRequest> = {}) =>
  deidentifyRun(db, planRun(db, { input, output, mappingCsv: join(work, 'db', `${extra.project ?? 'default'}.csv`), workers: 0, pixelCleaning: false, allowUncleaned: true, ...extra }));

/** Patient P1 over two studies and three dates; patient P2 in one study. */
const IMAGES: HeaderImage[] = [
  { patientId: 'P1', study: 1, series: 1, instance: 1, acquisitionDate: '20240312', studyDate: '20240313' },
  { patientId: 'P1', study: 1, series: 2, instance: 1, acquisitionDate: '20240311', studyDate: '20240313' },
  { patientId: 'P1', study: 2, series: 1, instance: 1, acquisitionDate: '20240702' },
  { patientId: 'P2', study: 3, series: 1, instance: 1, acquisitionDate: '20230105' },
];
const write = (input: string, images = IMAGES): void => {
  for (const img of images) writeHeaderImage(input, img);
};

/** Every date (DA, and the date of every DT) at every depth of a written file. */
function datesIn(path: string): { tag: number; value: string }[] {
  const p = parseFile(path);
  const out: { tag: number; value: string }[] = [];
  visitElements(p.dataset, (el) => {
    if ((el.vr === 'DA' || el.vr === 'DT') && el.valueLength) out.push({ tag: el.tag, value: readAscii(p.datasetSource.read(el.valueOffset, el.valueLength)).slice(0, 8) });
  });
  return out;
}

/**
 * The real dates no shifted date can stand for: a date shifted by one subject's offset can land on
 * another real date of the fixture by chance (offset -1 turns 20240312 into 20240311), which is no
 * leak; such dates are left out of the check.
 */
function notShiftedOnto(dates: Set<string>, mappingCsv: string): Set<string> {
  const offsets = parseCsv(readFileSync(mappingCsv, 'utf8')).slice(1).map((r) => Number(unguardCsvField(r[4] ?? ''))).filter((o) => Number.isInteger(o) && o !== 0);
  const shifted = new Set([...dates].flatMap((d) => offsets.map((o) => shiftDate(d, o))));
  return new Set([...dates].filter((d) => !shifted.has(d)));
}

function allInputDates(images = IMAGES): Set<string> {
  const out = new Set<string>();
  for (const img of images) for (const d of datesOf(img)) out.add(d);
  return out;
}

/** Input dates in every printed form found in any output byte, file name or folder name. */
function leakedDates(output: string, dates: Set<string>): string[] {
  const leaks: string[] = [];
  for (const file of listFiles(output)) {
    const bytes = readFileSync(file).toString('latin1');
    const rel = relative(output, file);
    for (const d of dates) {
      for (const form of [d, `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}`, `${d.slice(0, 4)}.${d.slice(4, 6)}.${d.slice(6)}`]) {
        if (bytes.includes(form)) leaks.push(`${form} in ${rel}`);
        if (rel.includes(form)) leaks.push(`${form} in the path ${rel}`);
      }
    }
  }
  return leaks;
}

describe('honest names and folders', () => {
  it('with dates removed (Basic Profile), no input date is in any output byte, file name or folder name', async () => {
    write(join(work, 'in'));
    const s = await run(join(work, 'in'), join(work, 'out'), { optionArgs: ['-113106', '-113108'] });
    expect(s.exitCode).toBe(0);
    expect(leakedDates(join(work, 'out'), allInputDates())).toEqual([]);
    for (const f of listFiles(join(work, 'out'))) {
      const p = parseFile(f);
      expect(topText(p, TAG.PatientName)).toBe(topText(p, TAG.PatientID));
      expect(topText(p, TAG.LongitudinalTemporalInformationModified)).toBe('REMOVED');
    }
    // The mapping stays in the hospital and keeps the real CT date.
    const mapping = parseCsv(readFileSync(s.mappingCsv as string, 'utf8'));
    expect(mapping[0]).toEqual(['subj', 'MRN', 'CT_date']);
    expect(mapping.map((r) => r[2])).toEqual(expect.arrayContaining(['20240311', '20240702', '20230105']));
  });

  it('with full dates, PatientName and the study folder carry the real CT date', async () => {
    write(join(work, 'in'));
    await run(join(work, 'in'), join(work, 'out'));
    const names = listFiles(join(work, 'out')).map((f) => `${topText(parseFile(f), TAG.PatientName)} ${relative(join(work, 'out'), f).split('/')[1].slice(0, 8)}`);
    expect(names.filter((n) => /_20240311 20240311$/.test(n))).toHaveLength(2);
  });
});

describe('113107 date shifting', () => {
  it('moves every date by the subject offset, keeps intervals, leaves no real date, and is stable', async () => {
    write(join(work, 'in'));
    const args = { optionArgs: ['-113106', '113107'] };
    const first = await run(join(work, 'in'), join(work, 'out'), args);
    expect(first.exitCode).toBe(0);
    expect(leakedDates(join(work, 'out'), notShiftedOnto(allInputDates(), first.mappingCsv as string))).toEqual([]);

    // Negative offsets carry the CSV formula guard (a leading '), as every cell starting with - does.
    const mapping = parseCsv(readFileSync(first.mappingCsv as string, 'utf8')).map((r) => r.map(unguardCsvField));
    expect(mapping[0]).toEqual(['subj', 'MRN', 'CT_date', 'shifted_CT_date', 'date_offset_days']);
    const offsetOf = new Map(mapping.slice(1).map((r) => [r[0], Number(r[4])]));
    for (const r of mapping.slice(1)) expect(r[3]).toBe(shiftDate(r[2], Number(r[4])));

    for (const file of listFiles(join(work, 'out'))) {
      const p = parseFile(file);
      const subj = topText(p, TAG.PatientID) as string;
      const offset = offsetOf.get(subj) as number;
      expect(offset).toBeLessThan(0);
      expect(offset).toBeGreaterThanOrEqual(-365);
      const source = IMAGES.find((img) => topText(p, TAG.InstanceNumber) === String(img.instance) && datesIn(file).some((d) => d.tag === TAG.AcquisitionDate && d.value === shiftDate(img.acquisitionDate, offset)));
      expect(source, file).toBeDefined();
      const img = source as HeaderImage;
      const expected = new Map<number, string>([
        [TAG.AcquisitionDate, img.acquisitionDate],
        [TAG.SeriesDate, img.acquisitionDate],
        [TAG.ContentDate, img.acquisitionDate],
        [TAG.AcquisitionDateTime, img.acquisitionDate],
        [TAG.StudyDate, img.studyDate ?? img.acquisitionDate],
        [TAG.DateOfLastCalibration, '20190705'],
      ]);
      for (const d of datesIn(file)) {
        const real = expected.get(d.tag);
        if (real) expect(d.value, `${d.tag.toString(16)} of ${file}`).toBe(shiftDate(real, offset));
      }
      expect(topText(p, TAG.AcquisitionDateTime)).toMatch(/093015\.5$/);
      expect(topText(p, TAG.StudyTime)).toBe('093000');
      expect(topText(p, TAG.LongitudinalTemporalInformationModified)).toBe('MODIFIED');
      expect(topText(p, TAG.DeidentificationMethod)).toContain('113107');
      expect(topText(p, TAG.PatientName)).toMatch(new RegExp(`^${subj}_\\d{8}$`));
      expect(relative(join(work, 'out'), file).split('/')[1].slice(0, 8)).toBe((topText(p, TAG.PatientName) as string).slice(-8));
    }
    // The interval between P1's two studies is kept.
    const p1 = mapping.slice(1).filter((r) => r[1] === 'P1');
    const days = (a: string, b: string): number => (Date.UTC(+a.slice(0, 4), +a.slice(4, 6) - 1, +a.slice(6)) - Date.UTC(+b.slice(0, 4), +b.slice(4, 6) - 1, +b.slice(6))) / 86_400_000;
    expect(days(p1[1][3], p1[0][3])).toBe(days(p1[1][2], p1[0][2]));

    const before = hashTree(join(work, 'out'));
    const second = await run(join(work, 'in'), join(work, 'out2'), args);
    expect(second.exitCode).toBe(0);
    const again = hashTree(join(work, 'out2'));
    expect([...again.values()].sort()).toEqual([...before.values()].sort());
  });

  it('gives another project another offset, from its own range', async () => {
    write(join(work, 'in'), IMAGES.slice(3));
    getOrCreateProject(db, 'a', { dateShift: { min: -365, max: -200 } });
    getOrCreateProject(db, 'b', { dateShift: { min: -100, max: -1 } });
    const a = await run(join(work, 'in'), join(work, 'oa'), { project: 'a', optionArgs: ['-113106', '113107'] });
    const b = await run(join(work, 'in'), join(work, 'ob'), { project: 'b', optionArgs: ['-113106', '113107'] });
    const offset = (csv: string): number => Number(unguardCsvField(parseCsv(readFileSync(csv, 'utf8'))[1][4]));
    expect(offset(a.mappingCsv as string)).toBeLessThanOrEqual(-200);
    expect(offset(b.mappingCsv as string)).toBeGreaterThanOrEqual(-100);
  });
});

describe('CT_date independent of arrival order', () => {
  const later: HeaderImage = { patientId: 'P9', study: 7, series: 1, instance: 1, acquisitionDate: '20240520' };
  const earlier: HeaderImage = { patientId: 'P9', study: 7, series: 2, instance: 1, acquisitionDate: '20240518' };

  it('takes the earliest date of the whole study in one run, whichever series comes first', async () => {
    write(join(work, 'in'), [later, earlier]);
    const s = await run(join(work, 'in'), join(work, 'out'));
    expect(s.exitCode).toBe(0);
    for (const f of listFiles(join(work, 'out'))) expect(topText(parseFile(f), TAG.PatientName)).toMatch(/_20240518$/);
  });

  it('keeps the earliest date when the earlier series arrives first and the later one in a second run', async () => {
    write(join(work, 'in1'), [earlier]);
    expect((await run(join(work, 'in1'), join(work, 'out1'))).exitCode).toBe(0);
    write(join(work, 'in2'), [earlier, later]);
    const s = await run(join(work, 'in2'), join(work, 'out2'));
    expect(s.exitCode).toBe(0);
    expect(s.conflicts).toBeUndefined();
    for (const f of listFiles(join(work, 'out2'))) expect(topText(parseFile(f), TAG.PatientName)).toMatch(/_20240518$/);
  });

  it('keeps the frozen date when a later run finds an earlier one, reports the files and exits 2, unless --refreeze-dates', async () => {
    write(join(work, 'in1'), [later]);
    expect((await run(join(work, 'in1'), join(work, 'out1'))).exitCode).toBe(0);
    write(join(work, 'in2'), [later, earlier]);
    const s = await run(join(work, 'in2'), join(work, 'out2'));
    expect(s.exitCode).toBe(2);
    expect(s.conflicts).toEqual([expect.objectContaining({ kind: 'ct-date', fails: true, files: [expect.stringMatching(/-r2-/)] })]);
    for (const f of listFiles(join(work, 'out2'))) expect(topText(parseFile(f), TAG.PatientName)).toMatch(/_20240520$/);
    const r = await run(join(work, 'in2'), join(work, 'out3'), { refreezeDates: true });
    expect(r.exitCode).toBe(0);
    for (const f of listFiles(join(work, 'out3'))) expect(topText(parseFile(f), TAG.PatientName)).toMatch(/_20240518$/);
  });
});

describe('identities never split silently', () => {
  const merged: HeaderImage[] = [
    { patientId: 'MRN-1', study: 5, series: 1, instance: 1, acquisitionDate: '20240101' },
    { patientId: 'MRN-2', study: 5, series: 2, instance: 1, acquisitionDate: '20240101' },
  ];

  it('fails a study with two PatientIDs by default, naming its files', async () => {
    write(join(work, 'in'), merged);
    const s = await run(join(work, 'in'), join(work, 'out'));
    expect(s.exitCode).toBe(2);
    expect(s.counts.written).toBe(0);
    expect(s.conflicts?.[0]).toMatchObject({ kind: 'identity', fails: true });
    expect(s.conflicts?.[0].files).toHaveLength(2);
    expect(parseCsv(readFileSync(s.mappingCsv as string, 'utf8'))).toHaveLength(1);
  });

  it('with split gives both subjects mapping rows; with first writes every file under one subject', async () => {
    write(join(work, 'in'), merged);
    const split = await run(join(work, 'in'), join(work, 'out'), { identityConflict: 'split' });
    expect(split.exitCode).toBe(0);
    const rows = parseCsv(readFileSync(split.mappingCsv as string, 'utf8')).slice(1);
    expect(rows.map((r) => r[1]).sort()).toEqual(['MRN-1', 'MRN-2']);
    const written = new Set(listFiles(join(work, 'out')).map((f) => topText(parseFile(f), TAG.PatientID)));
    expect(written).toEqual(new Set(rows.map((r) => r[0])));
    const patientIds = join(work, 'patids.csv');
    expect(writePatientIdMappingCsv(db, getOrCreateProject(db, 'default'), patientIds)).toBe(2);

    const first = await run(join(work, 'in'), join(work, 'out-first'), { project: 'first', identityConflict: 'first' });
    expect(first.exitCode).toBe(0);
    expect(new Set(listFiles(join(work, 'out-first')).map((f) => topText(parseFile(f), TAG.PatientID))).size).toBe(1);
  });

  it('gives a study recorded under one PatientID and written later under another mapping rows for both', async () => {
    write(join(work, 'in1'), merged.slice(0, 1));
    await run(join(work, 'in1'), join(work, 'out1'));
    write(join(work, 'in2'), [{ ...merged[0], patientId: 'MRN-3' }]);
    const s = await run(join(work, 'in2'), join(work, 'out2'));
    const rows = parseCsv(readFileSync(s.mappingCsv as string, 'utf8')).slice(1);
    expect(rows.map((r) => r[1]).sort()).toEqual(['MRN-1', 'MRN-3']);
    const written = listFiles(join(work, 'out2')).map((f) => topText(parseFile(f), TAG.PatientID));
    expect(rows.find((r) => r[1] === 'MRN-3')?.[0]).toBe(written[0]);
  });

  it('keeps one MRN from two hospitals as two subjects, unless the project ignores the issuer', async () => {
    const twoHospitals: HeaderImage[] = [
      { patientId: '12345', issuer: 'HOSPITAL A', study: 1, series: 1, instance: 1, acquisitionDate: '20240101' },
      { patientId: '12345', issuer: 'HOSPITAL B', study: 2, series: 1, instance: 1, acquisitionDate: '20240202' },
    ];
    write(join(work, 'in'), twoHospitals);
    const s = await run(join(work, 'in'), join(work, 'out'));
    expect(s.counts.subjects).toBe(2);
    getOrCreateProject(db, 'merged', { issuerInKey: false });
    const m = await run(join(work, 'in'), join(work, 'out-merged'), { project: 'merged' });
    expect(m.counts.subjects).toBe(1);
  });
});

describe('exports for the MIDI-B scorer', () => {
  it('writes old -> new UIDs and PatientIDs as id_old,id_new, matching the written files', async () => {
    write(join(work, 'in'));
    await run(join(work, 'in'), join(work, 'out'));
    const project = getOrCreateProject(db, 'default');
    const uids = join(work, 'uids.csv');
    expect(writeUidMappingCsv(db, project, uids)).toBeGreaterThan(8);
    const table = parseCsv(readFileSync(uids, 'utf8'));
    expect(table[0]).toEqual(['id_old', 'id_new']);
    const newOf = new Map(table.slice(1).map((r) => [r[0], r[1]]));
    for (const f of listFiles(join(work, 'out'))) {
      const p = parseFile(f);
      expect([...newOf.values()]).toContain(topText(p, TAG.SOPInstanceUID));
      expect([...newOf.values()]).toContain(topText(p, TAG.StudyInstanceUID));
    }
    const patids = join(work, 'patids.csv');
    writePatientIdMappingCsv(db, project, patids);
    const pt = parseCsv(readFileSync(patids, 'utf8'));
    expect(pt[0]).toEqual(['id_old', 'id_new']);
    expect(pt.slice(1).map((r) => r[0]).sort()).toEqual(['P1', 'P2']);
  });
});

describe('holdout: the rich header fixture', () => {
  it('leaves no input date (DA, DT, or one written in text) in any output byte or path, dates removed or shifted', async () => {
    const { buildStudyFolder } = await import('../../../../test/fixtures/buildStudy');
    buildStudyFolder(join(work, 'in'), { junk: false });
    const inputDates = new Set<string>();
    for (const f of listFiles(join(work, 'in'))) {
      let p;
      try {
        p = parseFile(f);
      } catch {
        continue;
      }
      visitElements(p.dataset, (el) => {
        if ((el.vr === 'DA' || el.vr === 'DT') && el.valueLength) {
          for (const v of readAscii(p.datasetSource.read(el.valueOffset, el.valueLength)).split('\\')) {
            const d = v.trim().replace(/\./g, '').slice(0, 8);
            if (/^(19|20)\d{6}$/.test(d)) inputDates.add(d);
          }
        }
      });
    }
    expect(inputDates.size).toBeGreaterThan(5);
    for (const [name, optionArgs] of [['removed', ['-113106']], ['shifted', ['-113106', '113107']]] as const) {
      const output = join(work, `out-${name}`);
      const s = await run(join(work, 'in'), output, { optionArgs: [...optionArgs], allowUncleaned: true, project: name });
      expect(s.counts.written, name).toBeGreaterThan(10);
      expect(leakedDates(output, notShiftedOnto(inputDates, s.mappingCsv as string)), name).toEqual([]);
    }
  });
});
