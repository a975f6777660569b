import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summaryHeadline } from '../../cli/deidentify';
import { writeCtSeries } from '../../../../test/fixtures/ctSeries';
import { listFiles } from '../../../../test/support/dicomWalk';
import { scriptedEngines } from '../../../../test/support/scriptedEngines';
import type { AppDatabase } from '../../db/database';
import { openDatabase } from '../../db/openDatabase';
import { createPixelEngines } from '../../ocr/engines/pixelEngines';
import { deidentifyRun, type RunHooks } from './deidentifyRun';
import { planRun, RunSetupError, type RunRequest } from './runPlan';

let work: string;
let db: AppDatabase;
const options = ['113100', '113106', '113108'] as const;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'deid-run-'));
  writeCtSeries(join(work, 'in'), { count: 12, rows: 32, cols: 32, patientId: 'RUN-1' });
  db = openDatabase(join(work, 'db', 'deid.sqlite'));
});
afterAll(async () => {
  await noText.close();
  db.close();
  rmSync(work, { recursive: true, force: true });
});

const request = (output: string, extra: Partial<RunRequest> = {}): RunRequest => ({
  input: join(work, 'in'),
  output,
  optionArgs: [...options],
  mappingCsv: join(work, 'db', 'mapping.csv'),
  workers: 0,
  pixelCleaning: false,
  ...extra,
});
// Every image is read before it is written: engines that find no text in these synthetic slices.
const noText = scriptedEngines({ regions: [], text: {}, tesseract: [] });
const run = async (signal?: AbortSignal, onProgress?: RunHooks['onProgress'], output = join(work, 'out')) =>
  deidentifyRun(db, planRun(db, request(output, { pixelCleaning: true })), { signal, onProgress, engines: noText });

describe('deidentifyRun', () => {
  it('stops cleanly when cancelled (exit 130, no partial files) and resumes on the next run', async () => {
    const controller = new AbortController();
    const first = await run(controller.signal, (p) => {
      if (p.phase === 'deidentify' && p.done === 4) controller.abort();
    });
    expect(first.interrupted).toBe(true);
    expect(first.exitCode).toBe(130);
    const partial = listFiles(join(work, 'out'));
    expect(partial.length).toBeGreaterThanOrEqual(4);
    expect(partial.length).toBeLessThan(12);
    expect(partial.some((f) => f.endsWith('.tmp'))).toBe(false);
    // The summary says how far it got: not "N of N".
    expect(first.counts.dicomFound).toBe(12);
    expect(first.counts.dicom).toBeLessThan(12);
    expect(summaryHeadline(first)).toMatch(new RegExp(`stopped early after [\\d.]+ s: ${first.counts.dicom} DICOM files handled of the 12 in the input`));

    const second = await run();
    expect(second.exitCode).toBe(0);
    expect(summaryHeadline(second)).toMatch(/^de-identified 12 DICOM files of \d+ in /);
    expect(second.counts.unchanged).toBe(partial.length);
    expect(second.counts.written).toBe(12 - partial.length);
    expect(listFiles(join(work, 'out'))).toHaveLength(12);
    expect(readdirSync(join(work, 'db', 'reports')).length).toBe(2);
  });

  it('reports progress with counts for scan and de-identification', async () => {
    const phases = new Map<string, number>();
    await run(undefined, (p) => phases.set(p.phase, Math.max(phases.get(p.phase) ?? 0, p.done)));
    expect(phases.get('deidentify')).toBe(12);
  });

  it('says how many images the text gate cleared without OCR, and how many went through the detector', async () => {
    const input = join(work, 'gate-in');
    writeCtSeries(input, { count: 3, rows: 64, cols: 64, patientId: 'RUN-GATE', burnedInAnnotation: null });
    const summary = await deidentifyRun(db, planRun(db, request(join(work, 'gate-out'), { input, pixelCleaning: true })), { engines: noText });
    expect(summary.counts.written).toBe(3);
    expect(summary.notes.join('\n')).toMatch(/3 read now \(3 of them cleared by the text gate, no frame through OCR; 0 through the detector and OCR\), 0 already read/);
  });

  it('refuses an output folder inside the input', () => {
    expect(() => planRun(db, request(join(work, 'in', 'out')))).toThrow(RunSetupError);
  });

  it('cleans an image whose pixels hide bits its header does not declare (found as it is read), instead of withholding it', { timeout: 120_000 }, async () => {
    // BurnedInAnnotation NO, 12 bits stored, no overlay declared; bit 13 set under a block of pixels.
    const input = join(work, 'hidden-in');
    const [file] = writeCtSeries(input, { count: 1, rows: 64, cols: 64, patientId: 'RUN-HIDDEN' }).files;
    const bytes = readFileSync(file);
    const pixels = bytes.length - 64 * 64 * 2;
    for (let y = 10; y < 20; y++) for (let x = 8; x < 40; x++) bytes[pixels + (y * 64 + x) * 2 + 1] |= 0x20;
    writeFileSync(file, bytes);
    const engines = createPixelEngines({ size: 1 });
    const output = join(work, 'hidden-out');
    try {
      const summary = await deidentifyRun(db, planRun(db, request(output, { input, pixelCleaning: true })), { engines });
      expect(summary.counts.withheld).toBe(0);
      expect(summary.counts.written).toBe(1);
      expect(summary.notes.join('\n')).toMatch(/1 images redacted \(1 verified clean/);
    } finally {
      await engines.close();
    }
    const [written] = listFiles(output);
    const out = readFileSync(written);
    const words = new Uint16Array(out.buffer.slice(out.byteOffset + out.length - 64 * 64 * 2, out.byteOffset + out.length));
    expect(words.every((v) => (v & 0xf000) === 0)).toBe(true);
    // The stored bits are kept (nothing was burned: no text was read).
    const original = new Uint16Array(bytes.buffer.slice(bytes.byteOffset + pixels, bytes.byteOffset + bytes.length));
    expect(words.every((v, i) => v === (original[i] & 0x0fff))).toBe(true);
  });
});
