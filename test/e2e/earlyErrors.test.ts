/**
 * Errors at the moment they can be known, in words (issue 12, defect 8), in a real browser
 * against `deid-studio serve`: the de-identify plan names every file the run will not write (a
 * text file, an empty file) with its reason before Start; the output picker refuses the study
 * folder itself (an output inside the input) the moment it is picked, words first and the code
 * last, and stays open; a folder beside the study is accepted; the summary names the same files.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeOverlayImage } from '../fixtures/overlayImage';
import { browserMissing, launchChromium } from './support/browser';
import { ensureBuilt } from './support/ensureBuilt';
import { nameReviewer, openFolderViaPicker, waitForJob } from './support/reviewPage';
import { startServe } from './support/serveProcess';
import type { ServeProcess } from './support/serveProcess';
import { closeE2e } from './support/teardown';

const skip = browserMissing();

describe.skipIf(skip)('errors at the moment they can be known (serve + Chromium)', () => {
  let tmp = '';
  let server: ServeProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    await ensureBuilt();
    tmp = mkdtempSync(join(tmpdir(), 'deid-e2e-early-'));
    const study = join(tmp, 'root', 'study');
    writeOverlayImage(study);
    mkdirSync(join(study, 'docs'), { recursive: true });
    writeFileSync(join(study, 'docs', 'notes.txt'), 'scanned at the front desk\n');
    writeFileSync(join(study, 'empty.dcm'), '');
    server = await startServe(['--root', join(tmp, 'root'), '--db', join(tmp, 'db.sqlite')]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  }, 180_000);

  afterAll(async () => closeE2e({ browser, server, tmp }));

  it('names the files the run will not write in the plan, before Start', async () => {
    await page.goto(server.url);
    await nameReviewer(page, 'Early Errors');
    await openFolderViaPicker(page, 'study');
    expect((await waitForJob(server, 'scan', 90_000)).state).toBe('done');
    // The run refuses to start while the folder's OCR job runs (JOB_RUNNING): let it finish.
    expect((await waitForJob(server, 'ocr', 240_000)).state).toBe('done');
    await page.getByTestId('open-deid').click();
    const rows = page.getByTestId('deid-skipped-file');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(2);
    const text = await rows.allTextContents();
    // The rows as shown, in the message, should either check fail.
    expect(text.some((t) => t.startsWith(join('docs', 'notes.txt')) && /not DICOM/.test(t)), JSON.stringify(text)).toBe(true);
    expect(text.some((t) => t.startsWith('empty.dcm') && t.length > 'empty.dcmnot DICOM'.length), JSON.stringify(text)).toBe(true);
  }, 360_000);

  it('refuses an output folder inside the study the moment it is picked, in words, and accepts one beside it', async () => {
    await page.getByTestId('deid-choose-output').click();
    const picker = page.getByTestId('folder-picker');
    await picker.locator('.picker-entry.picker-folder').first().click();
    await picker.locator('.picker-entry.picker-folder', { hasText: 'study' }).click();
    await expect.poll(() => picker.getByTestId('picker-path').textContent()).toMatch(/study$/);
    await picker.getByTestId('picker-confirm').click();
    const refusal = picker.getByTestId('picker-error');
    await refusal.waitFor({ timeout: 20_000 });
    const words = (await refusal.textContent()) ?? '';
    expect(words).toMatch(/^That output folder is inside the study folder; pick a folder outside it: .+ \(OUT_INSIDE_INPUT\)$/);
    expect(await picker.isVisible()).toBe(true);
    expect(await page.getByTestId('deid-output-name').count()).toBe(0);

    await picker.locator('.picker-entry.picker-up').click();
    await picker.getByLabel('New folder name').fill('out');
    await picker.getByRole('button', { name: 'Create folder' }).click();
    await expect.poll(() => picker.getByTestId('picker-path').textContent()).toMatch(/out$/);
    await picker.getByTestId('picker-confirm').click();
    await picker.waitFor({ state: 'detached' });
    expect(await page.getByTestId('deid-output-name').textContent()).toBe('out');
  }, 60_000);

  it('names the same files, with their reasons, in the summary', async () => {
    const start = page.getByTestId('deid-start');
    await expect.poll(() => start.isEnabled(), { timeout: 30_000 }).toBe(true);
    await start.click();
    const summary = page.getByTestId('deid-summary');
    await summary.waitFor({ timeout: 300_000 });
    const rows = await page.getByTestId('summary-problem').allTextContents();
    expect(rows.some((t) => t.includes('notes.txt') && t.includes('not-dicom'))).toBe(true);
    expect(rows.some((t) => t.includes('empty.dcm'))).toBe(true);
  }, 330_000);
});
