import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import dicomParser from 'dicom-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunSummarySchema, type FileOutcome, type RunSummary } from '../../src/shared/runSummary';
import { parseCsv } from '../../src/shared/csv';
import { buildStudyFolder, type StudyFixture } from '../fixtures/buildStudy';
import { writeBurnedImage } from '../fixtures/burnedInImages';
import { hashTree, listFiles, parseFile, topText, visitElements } from '../support/dicomWalk';
import { judgeMissing, requireJudge } from '../support/judges';
import { runCli } from '../support/runCli';
import { TAG } from '../../src/main/dicom/dictionary';

let work: string;
let fixture: StudyFixture;
let inputHashes: Map<string, string>;
let first: RunSummary;
let firstStatus: number;
let report: { files: FileOutcome[] };

const PATIENT_ID = 0x00100020;
const PATIENT_NAME = 0x00100010;
const SOP_INSTANCE = 0x00080018;

function deidentify(out: string, extra: string[] = []): { status: number; summary: RunSummary; stderr: string } {
  const r = runCli(['deidentify', join(work, 'in'), '--out', out, '--db', join(work, 'db', 'deid.sqlite'), '--json', ...extra]);
  const summary = RunSummarySchema.parse(JSON.parse(r.stdout));
  return { status: r.status, summary, stderr: r.stderr };
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'deid-cli-'));
  fixture = buildStudyFolder(join(work, 'in'));
  inputHashes = hashTree(join(work, 'in'));
  const r = deidentify(join(work, 'out'), ['--allow-uncleaned']);
  first = r.summary;
  firstStatus = r.status;
  report = JSON.parse(readFileSync(first.report as string, 'utf8')) as { files: FileOutcome[] };
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

const outputs = (): string[] => listFiles(join(work, 'out'));
const outputFor = (rel: string): string | undefined => {
  const o = report.files.find((f) => f.path === join(work, 'in', rel));
  return o?.output ? join(work, 'out', o.output) : undefined;
};

describe('deidentify (headers, end to end)', () => {
  it('writes every DICOM image and SR, withholds the PDF, names broken and non-DICOM files', () => {
    const images = fixture.files.filter((f) => f.kind === 'image' || f.kind === 'sr');
    for (const f of images) expect(outputFor(f.path), f.path).toBeDefined();
    const byPath = new Map(report.files.map((f) => [f.path, f]));
    for (const f of fixture.files.filter((x) => x.kind === 'pdf')) expect(byPath.get(f.absPath)?.status).toBe('withheld');
    for (const f of fixture.files.filter((x) => x.kind === 'truncated')) {
      expect(byPath.get(f.absPath)?.status).toBe('failed');
      expect(byPath.get(f.absPath)?.reason).toMatch(/offset \d+/);
    }
    for (const f of fixture.files.filter((x) => x.kind === 'junk')) expect(byPath.get(f.absPath)?.status).toBe('not-dicom');
    expect(firstStatus).toBe(2);
    expect(first.exitCode).toBe(2);
    expect(outputs()).toHaveLength(images.length);
  });

  it('leaves no identifying value of any input in any output byte', () => {
    const all = outputs().map((f) => Buffer.from(readFileSync(f)));
    for (const file of fixture.files) {
      for (const id of file.identifiers) {
        if (id.short) continue;
        for (const needle of id.needles) {
          const hit = all.findIndex((b) => b.includes(Buffer.from(needle)));
          expect(hit, `${id.kind} "${id.text}" of ${file.path} found in ${outputs()[hit]}`).toBe(-1);
        }
      }
    }
  });

  it('sets PatientID to the subject id and PatientName to <subj>_<CT_date>', () => {
    const mapping = parseCsv(readFileSync(first.mappingCsv as string, 'utf8'));
    expect(mapping[0]).toEqual(['subj', 'MRN', 'CT_date']);
    const subjectOf = new Map<string, string>();
    for (const file of fixture.files.filter((f) => f.kind === 'image' || f.kind === 'sr')) {
      const p = parseFile(outputFor(file.path) as string);
      const subj = topText(p, PATIENT_ID) as string;
      expect(subj).toMatch(/^SUBJ-\d{5}$/);
      expect(topText(p, PATIENT_NAME)).toBe(file.expectedCtDate ? `${subj}_${file.expectedCtDate}` : subj);
      const key = file.patientId ? file.patientId : `study:${file.studyInstanceUid}`;
      if (subjectOf.has(key)) expect(subjectOf.get(key)).toBe(subj);
      subjectOf.set(key, subj);
      const row = mapping.find((r) => r[0] === subj && r[2] === (file.expectedCtDate ?? ''));
      expect(row, `mapping row for ${file.path}`).toBeDefined();
      expect(row?.[1]).toBe(file.patientId ?? '');
      // With no date the study folder is the hash alone: no `_` standing for a missing date.
      expect(outputFor(file.path)).toMatch(new RegExp(`${subj}/${file.expectedCtDate ? `${file.expectedCtDate}_` : ''}[0-9a-f]{8}/`));
    }
    expect(new Set(subjectOf.values()).size).toBe(subjectOf.size);
  });

  it('remaps UIDs consistently: references point at the remapped instances', () => {
    const newSop = new Map<string, string>();
    for (const file of fixture.files) {
      const out = outputFor(file.path);
      if (out && file.sopInstanceUid) newSop.set(file.sopInstanceUid, topText(parseFile(out), SOP_INSTANCE) as string);
    }
    let checked = 0;
    for (const file of fixture.files.filter((f) => f.referencedSopInstanceUids.length)) {
      const p = parseFile(outputFor(file.path) as string);
      const found: string[] = [];
      visitElements(p.dataset, (el) => {
        if (el.tag === 0x00081155) found.push(new TextDecoder().decode(p.datasetSource.read(el.valueOffset, el.valueLength)).replace(/\0+$/, ''));
      });
      for (const ref of file.referencedSopInstanceUids) {
        if (!newSop.has(ref)) continue;
        expect(found).toContain(newSop.get(ref));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
    for (const f of outputs()) {
      const meta = parseFile(f).meta.find((e) => e.tag === 0x00020003);
      expect(meta).toBeDefined();
    }
  });

  it('writes files that an independent parser reads, with the de-identification recorded', () => {
    for (const f of outputs()) {
      const ds = dicomParser.parseDicom(new Uint8Array(readFileSync(f)));
      expect(ds.string('x00120062')).toBe('YES');
      expect(ds.string('x00120063')).toMatch(/Basic Application Confidentiality Profile/);
      const codes = ds.elements.x00120064?.items?.map((i) => i.dataSet?.string('x00080100'));
      expect(codes).toEqual(expect.arrayContaining(['113100', '113106', '113108']));
      expect(ds.string('x00020003')).toBe(ds.string('x00080018'));
    }
  });

  it.skipIf(judgeMissing('dcmdump'))('passes dcmdump on every output', () => {
    const dcmdump = requireJudge('dcmdump');
    for (const f of outputs()) {
      const r = spawnSync(dcmdump, ['-q', f], { encoding: 'utf8' });
      expect(r.status, `${f}: ${r.stderr}`).toBe(0);
    }
  });

  it.skipIf(judgeMissing('dciodvfy'))('adds no dciodvfy error that the input did not have', () => {
    const dciodvfy = requireJudge('dciodvfy');
    const errors = (file: string): Set<string> => {
      const r = spawnSync(dciodvfy, ['-new', file], { encoding: 'utf8' });
      return new Set(
        `${r.stdout}\n${r.stderr}`
          .split('\n')
          .filter((l) => l.startsWith('Error'))
          // Issue 2 mandates Content Sequence (action D) written empty: its free text is not in Table E.1-1.
          .filter((l) => !l.includes('ContentSequence(0040,a730)'))
          .map((l) => l.replace(/<[^>]*>/g, '<>').replace(/\s+/g, ' ').trim()),
      );
    };
    for (const file of fixture.files.filter((f) => f.kind === 'image' || f.kind === 'sr')) {
      const before = errors(file.absPath);
      const out = errors(outputFor(file.path) as string);
      expect([...out].some((e) => e.includes('read failed')), file.path).toBe(false);
      // dciodvfy cannot read deflated data sets, so their inputs give no baseline to compare with.
      if ([...before].some((e) => e.includes('read failed'))) continue;
      const after = [...out].filter((e) => !before.has(e));
      expect(after, file.path).toEqual([]);
    }
  });

  it('is byte-identical on a second run, and reports the existing files as up to date', () => {
    const again = deidentify(join(work, 'out'), ['--allow-uncleaned']);
    expect(again.summary.counts.written).toBe(0);
    expect(again.summary.counts.unchanged).toBe(first.counts.written);
    const fresh = deidentify(join(work, 'out2'), ['--allow-uncleaned']);
    const a = [...hashTree(join(work, 'out'))].map(([p, h]) => [p.slice(join(work, 'out').length), h]);
    const b = [...hashTree(join(work, 'out2'))].map(([p, h]) => [p.slice(join(work, 'out2').length), h]);
    expect(b).toEqual(a);
    expect(fresh.summary.counts.written).toBe(first.counts.written);
  });

  it('never touches the inputs', () => {
    expect(hashTree(join(work, 'in'))).toEqual(inputHashes);
  });

  it('gives a second project different subject ids and UIDs', () => {
    const other = deidentify(join(work, 'out-other'), ['--allow-uncleaned', '--project', 'other']);
    expect(other.summary.counts.written).toBe(first.counts.written);
    const subj = (dir: string): Set<string> => new Set(listFiles(dir).map((f) => topText(parseFile(f), PATIENT_ID) as string));
    const ours = subj(join(work, 'out'));
    for (const s of subj(join(work, 'out-other'))) expect(ours.has(s)).toBe(false);
    const uids = (dir: string): Set<string> => new Set(listFiles(dir).map((f) => topText(parseFile(f), SOP_INSTANCE) as string));
    const mine = uids(join(work, 'out'));
    for (const u of uids(join(work, 'out-other'))) expect(mine.has(u)).toBe(false);
  });

  it('cleans images whose header does not rule burned-in text out, and withholds what it cannot decode (exit 3)', () => {
    const only = join(work, 'only-uncleaned');
    mkdirSync(only, { recursive: true });
    const uncleaned = fixture.files.filter((f) => f.kind === 'image' && f.burnedInAnnotation !== 'NO');
    const clean = fixture.files.find((f) => f.kind === 'image' && f.burnedInAnnotation === 'NO' && f.features.includes('explicit-le'));
    for (const f of [...uncleaned.slice(0, 2), clean]) if (f) copyFileSync(f.absPath, join(only, f.path.replace(/\//g, '_')));
    // Nothing here decodes JPEG XL: its pixels cannot be read, so the image stays uncleaned.
    writeBurnedImage(only, {
      path: 'jpeg-xl.dcm', patient: { name: 'XL^PATIENT', id: 'XL-1', birthDate: '19800101' }, rows: 8, cols: 8,
      photometric: 'MONOCHROME2', bitsAllocated: 8, bitsStored: 8, transferSyntax: '1.2.840.10008.1.2.4.110', encapsulatedFrames: [Uint8Array.of(0xff, 0x0a, 0xfa, 0x00)],
    });
    const r = runCli(['deidentify', only, '--out', join(work, 'out-withheld'), '--db', join(work, 'db', 'deid.sqlite'), '--json']);
    expect(r.status).toBe(3);
    const s = RunSummarySchema.parse(JSON.parse(r.stdout));
    expect(s.counts.withheld).toBe(1);
    expect(s.counts.written).toBe(3);
    expect(s.problems.map((p) => p.reason)).toEqual([expect.stringMatching(/cannot decode JPEG XL/)]);
    const report = (JSON.parse(readFileSync(s.report as string, 'utf8')) as { files: FileOutcome[] }).files;
    for (const f of uncleaned.slice(0, 2)) {
      const o = report.find((x) => x.path === join(only, f.path.replace(/\//g, '_')));
      expect(o?.pixels, f.path).toMatch(/^(clean|redacted)$/);
      const ds = dicomParser.parseDicom(new Uint8Array(readFileSync(join(work, 'out-withheld', o?.output as string))));
      expect(ds.string('x00280301')).toBe('NO');
      expect(ds.elements.x00120064?.items?.map((i) => i.dataSet?.string('x00080100'))).toContain('113101');
    }
    expect(listFiles(join(work, 'out-withheld'))).toHaveLength(3);
  });

  it('refuses to write its report or mapping inside the output folder (exit 1)', () => {
    const r = runCli(['deidentify', join(work, 'in'), '--out', join(work, 'out3'), '--db', join(work, 'db', 'deid.sqlite'), '--mapping', join(work, 'out3', 'm.csv')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/inside the output folder/);
    expect(existsSync(join(work, 'out3', 'm.csv'))).toBe(false);
  });

  it('rejects unknown and unimplemented options before doing anything (exit 1)', () => {
    const unknown = runCli(['deidentify', join(work, 'in'), '--out', join(work, 'o4'), '--option', '999999']);
    expect(unknown.status).toBe(1);
    const unimplemented = runCli(['deidentify', join(work, 'in'), '--out', join(work, 'o4'), '--option', '113102']);
    expect(unimplemented.status).toBe(1);
    expect(unimplemented.stderr).toMatch(/113102 .*not implemented/);
    // Modified dates replace full dates (a default): naming both is refused.
    const both = runCli(['deidentify', join(work, 'in'), '--out', join(work, 'o4'), '--option', '113107']);
    expect(both.status).toBe(1);
    expect(both.stderr).toMatch(/cannot be combined/);
    expect(existsSync(join(work, 'o4'))).toBe(false);
  });
});

describe('deidentify --headers-only', () => {
  it('reads no pixels: every image is withheld and named, or written marked as not cleaned with --allow-uncleaned', () => {
    const images = fixture.files.filter((f) => f.kind === 'image');
    const held = deidentify(join(work, 'out-headers-only'), ['--headers-only']);
    // Exit 2: the fixture's broken files fail (a failure outranks the withheld images' 3).
    expect(held.status).toBe(2);
    expect(held.summary.counts.withheld).toBeGreaterThanOrEqual(images.length);
    const heldReport = JSON.parse(readFileSync(held.summary.report as string, 'utf8')) as { files: FileOutcome[] };
    for (const f of images) {
      const o = heldReport.files.find((x) => x.path === join(work, 'in', f.path));
      expect(o, f.path).toMatchObject({ status: 'withheld', reason: expect.stringMatching(/pixel cleaning is off/) });
    }
    const written = deidentify(join(work, 'out-headers-only-uncleaned'), ['--headers-only', '--allow-uncleaned']);
    const writtenReport = JSON.parse(readFileSync(written.summary.report as string, 'utf8')) as { files: FileOutcome[] };
    for (const f of images) {
      const o = writtenReport.files.find((x) => x.path === join(work, 'in', f.path));
      expect(o?.output, f.path).toBeDefined();
      const ds = parseFile(join(work, 'out-headers-only-uncleaned', o?.output as string));
      expect(topText(ds, TAG.DeidentificationMethod), f.path).toMatch(/Pixels NOT cleaned/);
      expect(readFileSync(join(work, 'out-headers-only-uncleaned', o?.output as string)).includes(Buffer.from('113101')), f.path).toBe(false);
    }
  });
});
