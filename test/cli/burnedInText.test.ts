import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/shared/csv';
import { RunSummarySchema, type FileOutcome, type RunSummary } from '../../src/shared/runSummary';
import { writeBurnedImage } from '../fixtures/burnedInImages';
import { BURNED_PATIENT, buildBurnedInStudy, type BurnedFile } from '../fixtures/burnedInStudy';
import { createFrame, drawText } from '../pixelText/renderText';
import { listFiles } from '../support/dicomWalk';
import { judgeMissing } from '../support/judges';
import { reads, referenceOverlayText, referenceText } from '../support/referenceOcr';
import { runCli } from '../support/runCli';

/** The fixtures use a 1-px bitmap font, which the reference reads at 2x or 3x depending on the string: both. */
const SCALE = [2, 3];

let work: string;
let files: BurnedFile[];
let summary: RunSummary;
let status: number;
let outcomes: FileOutcome[];
let graphics: FileOutcome[];
const before = new Map<string, string>();

const db = (): string => join(work, 'db', 'deid.sqlite');
const input = (rel: string): string => join(work, 'in', rel);
const outputOf = (list: FileOutcome[], out: string, rel: string): string => {
  const o = list.find((x) => x.path === input(rel));
  if (!o?.output) throw new Error(`no output for ${rel}: ${JSON.stringify(o)}`);
  return join(work, out, o.output);
};
const framesOf = (s: { frames?: readonly number[] }): readonly number[] => s.frames ?? [0];

async function textOf(path: string, frame: number): Promise<string> {
  const key = `${path}#${frame}`;
  const cached = before.get(key);
  if (cached !== undefined) return cached;
  const t = await referenceText(path, frame, SCALE);
  before.set(key, t);
  return t;
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'deid-burned-'));
  files = buildBurnedInStudy(join(work, 'in'));
  const r = runCli(['deidentify', join(work, 'in'), '--out', join(work, 'out'), '--db', db(), '--json']);
  status = r.status;
  summary = RunSummarySchema.parse(JSON.parse(r.stdout));
  outcomes = (JSON.parse(readFileSync(summary.report as string, 'utf8')) as { files: FileOutcome[] }).files;
  // Clean Graphics keeps the overlay: a second run (its OCR already recorded) clears its text.
  const g = runCli(['deidentify', join(work, 'in'), '--out', join(work, 'out-graphics'), '--db', db(), '--option', '113103', '--json']);
  expect(g.status, g.stderr).toBe(0);
  graphics = (JSON.parse(readFileSync(RunSummarySchema.parse(JSON.parse(g.stdout)).report as string, 'utf8')) as { files: FileOutcome[] }).files;
}, 600_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('deidentify cleans burned-in text', () => {
  it('writes every image clean, with BurnedInAnnotation NO and 113101 (exit 0)', () => {
    expect(status).toBe(0);
    expect(summary.counts.written).toBe(files.length);
    for (const f of files) {
      const o = outcomes.find((x) => x.path === input(f.path));
      expect(o?.pixels, f.path).toBe(f.phi.length ? 'redacted' : 'clean');
      const ds = dicomParser.parseDicom(new Uint8Array(readFileSync(outputOf(outcomes, 'out', f.path))));
      expect(ds.string('x00280301')).toBe('NO');
      expect(ds.elements.x00120064?.items?.map((i) => i.dataSet?.string('x00080100'))).toContain('113101');
    }
  });

  it.skipIf(judgeMissing('tesseract'))('leaves no identifying string readable to the reference OCR, and keeps the harmless ones', { timeout: 900_000 }, async () => {
    for (const f of files) {
      const out = outputOf(outcomes, 'out', f.path);
      for (const s of f.phi) {
        for (const frame of framesOf(s)) {
          expect(reads(await textOf(input(f.path), frame), s.text), `reference reads "${s.text}" in ${f.path} frame ${frame}`).toBe(true);
          const after = await referenceText(out, frame, SCALE);
          expect(reads(after, s.text), `"${s.text}" still readable in ${f.path} frame ${frame}: ${after}`).toBe(false);
        }
      }
      for (const s of f.keep) {
        for (const frame of framesOf(s)) {
          expect(reads(await textOf(input(f.path), frame), s.text), `reference reads "${s.text}" in ${f.path} frame ${frame}`).toBe(true);
          expect(reads(await referenceText(out, frame, SCALE), s.text), `"${s.text}" lost in ${f.path} frame ${frame}`).toBe(true);
        }
      }
    }
  });

  it.skipIf(judgeMissing('tesseract'))('cleans the name out of an overlay it keeps (113103), keeping its harmless text', () => {
    const f = files.find((x) => x.overlayPhi) as BurnedFile;
    const original = referenceOverlayText(input(f.path));
    const cleaned = referenceOverlayText(outputOf(graphics, 'out-graphics', f.path));
    for (const s of f.overlayPhi ?? []) {
      expect(reads(original, s.text), `reference reads "${s.text}" in the overlay`).toBe(true);
      expect(reads(cleaned, s.text), `"${s.text}" still in the overlay: ${cleaned}`).toBe(false);
    }
    for (const s of f.overlayKeep ?? []) expect(reads(cleaned, s.text), `"${s.text}" lost from the overlay`).toBe(true);
    // Without the option the overlay is dropped whole.
    const plain = dicomParser.parseDicom(new Uint8Array(readFileSync(outputOf(outcomes, 'out', f.path))));
    expect(Object.keys(plain.elements).some((k) => k.startsWith('x6000'))).toBe(false);
  });

  it('reads an image whose header wrongly says NO, burns its name, and verify finds the name in an output that kept it (exit 3)', { timeout: 600_000 }, () => {
    expect(runCli(['verify', join(work, 'out'), '--db', db()]).status).toBe(0);
    // A header's NO is a hint, not proof: the image is read like any other and the name burned.
    const frame = createFrame(160, 64, 'uint8', 0);
    drawText(frame, 'MULLER JURGEN', 8, 24, { value: 255 });
    writeBurnedImage(join(work, 'liar'), { path: 'IM9.dcm', patient: BURNED_PATIENT, rows: 64, cols: 160, photometric: 'MONOCHROME2', bitsAllocated: 8, bitsStored: 8, pixelData: frame.data as Uint8Array, burnedInAnnotation: 'NO', instance: 9, series: 9 });
    const run = runCli(['deidentify', join(work, 'liar'), '--out', join(work, 'out-liar'), '--db', db(), '--json']);
    expect(run.status).toBe(0);
    const [written] = listFiles(join(work, 'out-liar'));
    const clean = readFileSync(written);
    const pixels = clean.subarray(clean.length - frame.data.length);
    expect(Buffer.from(pixels).equals(Buffer.from(frame.data as Uint8Array)), 'the name was burned').toBe(false);
    expect(runCli(['verify', join(work, 'out-liar'), '--db', db()]).status).toBe(0);

    // What a tool that trusted the header wrote: the same file with the pixels copied as they were.
    // verify looks at the pixels, not the labels: 113101 is not confirmed, exit 3.
    const old = Buffer.concat([clean.subarray(0, clean.length - frame.data.length), Buffer.from(frame.data as Uint8Array)]);
    writeFileSync(written, old);
    const v = runCli(['verify', join(work, 'out-liar'), '--db', db(), '--json']);
    expect(v.status).toBe(3);
    const found = JSON.parse(v.stdout) as { counts: { unconfirmed: number }; files: { status: string; subject?: string; claimsCleanPixels?: boolean; findings?: unknown[] }[] };
    expect(found.files).toHaveLength(1);
    expect(found.files[0]).toMatchObject({ status: 'found', claimsCleanPixels: true, subject: expect.stringMatching(/^SUBJ-/) });
    expect(found.files[0].findings?.length).toBeGreaterThan(0);
    expect(found.counts.unconfirmed).toBe(1);
    // Where the text is, never what it says.
    expect(v.stdout + v.stderr).not.toMatch(/MULLER|JURGEN/i);
  });

  it('exports every box with its text, status and reason', () => {
    const csv = join(work, 'db', 'boxes.csv');
    expect(runCli(['export-text', '--db', db(), '--out', csv]).status).toBe(0);
    const [notice, ...rows] = parseCsv(readFileSync(csv, 'utf8'));
    expect(notice[0]).toMatch(/^# PHI: /);
    expect(rows[0]).toEqual(['file', 'sop_instance_uid', 'plane', 'overlay_group', 'frame', 'x', 'y', 'w', 'h', 'text', 'confidence', 'source', 'status', 'reason', 'decided_by', 'decided_at']);
    const proposed = rows.filter((r) => r[12] === 'proposed');
    expect(proposed.some((r) => r[0] === input('cine/IM0004.dcm') && r[13].startsWith('name:') && Number(r[4]) >= 40 && Number(r[4]) <= 60)).toBe(true);
    expect(proposed.some((r) => r[0] === input('ct/IM0001.dcm') && r[13] === 'id:MRN-A-7781')).toBe(true);
    expect(proposed.some((r) => r[2] === 'overlay' && r[3] === '6000')).toBe(true);
    expect(rows.some((r) => r[12] === 'unflagged' && /ACME|GAIN/.test(r[9]))).toBe(true);
  });

  it('exports frames as PNG under the output layout, not under descriptions', () => {
    const to = join(work, 'png');
    expect(runCli(['export-png', join(work, 'out'), '--to', to]).status).toBe(0);
    const pngs = listFiles(to).map((p) => p.slice(to.length + 1));
    expect(pngs).toHaveLength(3 + 100);
    const cineOut = outputOf(outcomes, 'out', 'cine/IM0004.dcm').slice(join(work, 'out').length + 1).replace(/\.dcm$/, '');
    expect(pngs).toContain(join(cineOut, '0050.png'));
    for (const p of pngs) expect(p).toMatch(/^SUBJ-\d{5}\/\d{8}_[0-9a-f]+\/\d+_[A-Z]+_[0-9a-f]+\/\d+_[0-9a-f]+(\.png|\/\d{4}\.png)$/);
    expect(existsSync(join(to, `${cineOut}`, '0001.png'))).toBe(true);
  });
});
