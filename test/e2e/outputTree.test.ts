/**
 * An output tree opens read-only (issue 12, defect 5), in a real browser against `deid-studio
 * serve`: de-identify a small study, then open the output folder. Its PatientIDs are subject ids;
 * opening it must assign none of them a subject id (on main the mapping CSV gained
 * `SUBJ-…,SUBJ-…,date`), add no study rows, read no text for proposals, and say
 * "read-only: output of run …" with the verify pass's word on each image.
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/shared/csv';
import { openDatabase } from '../../src/main/db/openDatabase';
import { callChannel } from './support/apiClient';
import { browserMissing, launchChromium } from './support/browser';
import { deidentifyInto } from './support/deidentifyPage';
import { E2E_PATIENT, writeTextSeries } from './support/e2eStudy';
import { REPO_ROOT, ensureBuilt } from './support/ensureBuilt';
import { nameReviewer, openFolderViaPicker, waitForJob } from './support/reviewPage';
import { startServe } from './support/serveProcess';
import { closeE2e } from './support/teardown';
import type { ServeProcess } from './support/serveProcess';

const skip = browserMissing();

interface VerifyJob {
  jobId: string;
  kind: string;
  state: string;
  verify: { problems: { path: string; status: string }[]; interrupted: boolean } | null;
}

describe.skipIf(skip)('an output tree opens read-only (serve + Chromium)', () => {
  let tmp = '';
  let root = '';
  let db = '';
  let server: ServeProcess;
  let browser: Browser;
  let page: Page;
  let output = '';
  let mappingBefore: string[][] = [];
  let countsBefore: { subjects: number; studies: number; links: number } = { subjects: 0, studies: 0, links: 0 };
  const pageErrors: string[] = [];

  const mappingRows = async (): Promise<string[][]> => {
    const r = await callChannel<{ displayPath: string }>(server.origin, server.token, 'exportsWrite', { kind: 'mapping', destination: { via: 'default' } });
    return parseCsv(readFileSync(r.displayPath, 'utf8'));
  };
  const tableCounts = (): { subjects: number; studies: number; links: number } => {
    const d = openDatabase(db);
    try {
      const n = (table: string): number => Number(d.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get());
      return { subjects: n('subjects'), studies: n('studies'), links: n('study_subjects') };
    } finally {
      d.close();
    }
  };

  beforeAll(async () => {
    await ensureBuilt();
    tmp = mkdtempSync(join(tmpdir(), 'deid-e2e-outtree-'));
    root = join(tmp, 'root');
    db = join(tmp, 'db.sqlite');
    writeTextSeries(join(root, 'study'), 2);
    server = await startServe(['--root', root, '--db', db]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    mkdirSync(join(REPO_ROOT, 'test-results'), { recursive: true });
  }, 180_000);

  afterAll(async () => closeE2e({ browser, server, tmp }));

  it('de-identifies the study', async () => {
    await page.goto(server.url);
    await nameReviewer(page, 'Output Tree Reviewer');
    await openFolderViaPicker(page, 'study');
    expect((await waitForJob(server, 'scan', 90_000)).state).toBe('done');
    const ocr = await waitForJob(server, 'ocr', 240_000);
    expect(ocr.state, ocr.error?.message).toBe('done');
    output = await deidentifyInto(page, 'out');
    expect(output).toBe(join(root, 'out'));
    await page.getByTestId('deid-dialog').locator('button.primary', { hasText: 'Close' }).click();
    mappingBefore = await mappingRows();
    expect(mappingBefore.some((r) => r[1] === E2E_PATIENT.mrn)).toBe(true);
    countsBefore = tableCounts();
  }, 480_000);

  it('opening the output folder adds no subject, study or mapping row and says read-only: output of run …', async () => {
    await page.locator('.app-header .brand').click();
    await openFolderViaPicker(page, 'out');
    expect((await waitForJob(server, 'scan', 90_000)).state).toBe('done');
    const banner = page.getByTestId('read-only-banner');
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.textContent()).toMatch(/^read-only: output of run \d+ \(de-identified by this database\)$/);
    // The tree shows the subject ids as found and assigns them none.
    await expect.poll(() => page.getByTestId('tree-instance').count(), { timeout: 30_000 }).toBe(2);
    expect(await page.getByTestId('tree-patient').first().textContent()).toContain('no subject id yet');
    expect(await mappingRows()).toEqual(mappingBefore);
    expect(tableCounts()).toEqual(countsBefore);
  }, 180_000);

  it('runs the verify pass instead of OCR and shows its word on each image', async () => {
    const verify = (await waitForJob(server, 'verify', 300_000)) as unknown as VerifyJob;
    expect(verify.state).toBe('done');
    const { jobs } = await callChannel<{ jobs: { kind: string }[] }>(server.origin, server.token, 'jobsList', {});
    expect(jobs.filter((j) => j.kind === 'ocr')).toHaveLength(1);
    const problems = new Map((verify.verify?.problems ?? []).map((p) => [p.path, p.status]));
    const rows = page.getByTestId('tree-instance');
    await expect.poll(async () => (await rows.getByTestId('verify-chip').allTextContents()).some((t) => t.includes('pending') || t.includes('not-run')), { timeout: 30_000 }).toBe(false);
    for (let i = 0; i < 2; i++) {
      const name = ((await rows.nth(i).getByTestId('tree-file-name').textContent()) ?? '').replace(/^#\S+ /, '');
      expect(await rows.nth(i).getByTestId('verify-chip').textContent()).toBe(`verify: ${problems.get(name) ?? 'clean'}`);
    }
    await rows.nth(0).click();
    expect(await page.getByTestId('image-verify').getAttribute('data-status')).toBe(problems.get(((await rows.nth(0).getByTestId('tree-file-name').textContent()) ?? '').replace(/^#\S+ /, '')) ?? 'clean');
    // Nothing to decide on a de-identified tree: the server refuses boxes and a second OCR.
    const folderId = (await callChannel<{ openFolder: { folderId: string } }>(server.origin, server.token, 'appInfo', {})).openFolder.folderId;
    await expect(callChannel(server.origin, server.token, 'ocrStart', { folderId })).rejects.toThrow(/READ_ONLY_TREE/);
    await page.screenshot({ path: join(REPO_ROOT, 'test-results', 'screen-read-only-1600x1000.png') });
    expect(tableCounts()).toEqual(countsBefore);
  }, 360_000);

  it('ran without errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
