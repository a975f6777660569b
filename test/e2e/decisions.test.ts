/**
 * Decisions a reviewer can trust, in a real browser against `deid-studio serve` on a small study
 * (two images with a name, an MRN and a date burned in, read by the OCR job the scan starts):
 * a click or a double-click on a proposal only selects it; A/R and the list's buttons decide; a
 * decision the server did not take goes back, says "not saved" and is not in the database; a page
 * whose server went away says so, and the page of a restarted server shows the database's state.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/db/openDatabase';
import { getRect } from '../../src/main/db/rectsRepo';
import { callChannel } from './support/apiClient';
import { browserMissing, launchChromium } from './support/browser';
import { E2E_PATIENT, writeTextSeries } from './support/e2eStudy';
import { REPO_ROOT, ensureBuilt } from './support/ensureBuilt';
import { imageIdOf, nameReviewer, openFolderViaPicker, seriesInstances, waitForImage, waitForJob } from './support/reviewPage';
import { startServe } from './support/serveProcess';
import { closeE2e } from './support/teardown';
import type { ServeProcess } from './support/serveProcess';

const skip = browserMissing();
const REVIEWER = 'Decisions Reviewer';
const TEXT = 'Scout with annotations';

interface Rect {
  rectId: number;
  source: string;
  status: string;
  decidedBy: string | null;
}

describe.skipIf(skip)('decisions in the browser (serve + Chromium)', () => {
  let tmp = '';
  let root = '';
  let db = '';
  let server: ServeProcess;
  let restarted: ServeProcess | undefined;
  let browser: Browser;
  let page: Page;
  let first = '';
  const pageErrors: string[] = [];

  const rectsOf = async (imageId: string): Promise<Rect[]> =>
    (await callChannel<{ rects: Rect[] }>(server.origin, server.token, 'rectsList', { imageId })).rects;
  const statusInDb = async (rectId: number): Promise<string | undefined> => (await rectsOf(first)).find((r) => r.rectId === rectId)?.status;
  const shape = (rectId: number) => page.locator(`[data-testid=box-layer] .box-shape[data-box-id="${rectId}"]`);
  const proposals = () => page.locator('[data-testid=box-layer] .box-shape[data-source=ocr][data-status=proposed]');

  beforeAll(async () => {
    await ensureBuilt();
    tmp = mkdtempSync(join(tmpdir(), 'deid-e2e-decide-'));
    root = join(tmp, 'root');
    db = join(tmp, 'db.sqlite');
    writeTextSeries(join(root, 'study'), 2);
    server = await startServe(['--root', root, '--db', db]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    mkdirSync(join(REPO_ROOT, 'test-results'), { recursive: true });
  }, 180_000);

  afterAll(async () => closeE2e({ browser, server, servers: [restarted], tmp }));

  it('opens the study and reads its burned-in text into proposals', async () => {
    await page.goto(server.url);
    // First use: the app asks for the reviewer's name (no OS-user default).
    await nameReviewer(page, REVIEWER);
    await openFolderViaPicker(page, 'study');
    expect((await waitForJob(server, 'scan', 90_000)).state).toBe('done');
    const ocr = await waitForJob(server, 'ocr', 240_000);
    expect(ocr.state, ocr.error?.message).toBe('done');
    // Finished job strips leave the header and the viewer grows: act once they are gone.
    await expect.poll(() => page.locator('.job').count(), { timeout: 60_000 }).toBe(0);
    first = await imageIdOf(seriesInstances(page, E2E_PATIENT.mrn, TEXT).nth(0));
    await seriesInstances(page, E2E_PATIENT.mrn, TEXT).nth(0).click();
    await waitForImage(page, first);
    await expect.poll(() => proposals().count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
  }, 360_000);

  it('names each file in the tree (name, transfer syntax, frames, thumbnail, verdict chip) in InstanceNumber order; the study row shows date, modality and description', async () => {
    const rows = seriesInstances(page, E2E_PATIENT.mrn, TEXT);
    const names = await rows.getByTestId('tree-file-name').allTextContents();
    expect(names.map((n) => n.trim())).toEqual(['#1 E2E/SE7/IM1.dcm', '#2 E2E/SE7/IM2.dcm']);
    for (let i = 0; i < 2; i++) {
      const row = rows.nth(i);
      expect(await row.textContent()).toContain('Explicit VR Little Endian · 1 frame');
      await expect.poll(() => row.getByTestId('tree-thumb').getAttribute('data-loaded'), { timeout: 20_000 }).toBe('true');
      // The chip is the verdict's word, its title the verdict's own reason; the tree refreshes
      // after the OCR job's last change reached the page, which may lag the job's end.
      const chip = row.getByTestId('verdict-chip');
      await expect.poll(() => chip.textContent(), { timeout: 20_000 }).toBe('burn');
      expect(await chip.getAttribute('title')).toMatch(/^read: .*then verified$/);
    }
    const study = page.locator('li.tree-patient', { hasText: `MRN ${E2E_PATIENT.mrn}` }).locator('.tree-study-row');
    expect(await study.textContent()).toBe('CT_date 2021-03-04 · CT · E2E head and scout');
  }, 60_000);

  it('a double-click on a proposal selects it and leaves it proposed; A and the Reject button decide', async () => {
    const clicked = Number(await proposals().nth(0).getAttribute('data-box-id'));
    const other = Number(await proposals().nth(1).getAttribute('data-box-id'));
    const at = await shape(clicked).boundingBox();
    if (at === null) throw new Error('the proposal is not drawn');
    await page.mouse.dblclick(at.x + at.width / 2, at.y + at.height / 2);
    await expect.poll(() => page.locator(`[data-testid=box-layer] .box-selected .box-shape[data-box-id="${clicked}"]`).count()).toBe(1);

    // Decide another box by key: changes reach the server in order, so once it is stored, anything
    // the double-click had sent is stored too.
    await page.locator(`[data-testid=box-item][data-rect-id="${other}"] .box-item-main`).click();
    await page.keyboard.press('a');
    await expect.poll(() => statusInDb(other)).toBe('approved');
    expect(await statusInDb(clicked)).toBe('proposed');
    expect(await shape(clicked).getAttribute('data-status')).toBe('proposed');

    await page.locator(`[data-testid=box-item][data-rect-id="${clicked}"] .box-item-main`).click();
    await page.keyboard.press('a');
    await expect.poll(() => statusInDb(clicked)).toBe('approved');
    await page.locator(`[data-testid=box-item][data-rect-id="${clicked}"]`).getByRole('button', { name: 'Reject' }).click();
    await expect.poll(() => statusInDb(clicked)).toBe('rejected');
    expect((await rectsOf(first)).find((r) => r.rectId === clicked)?.decidedBy).toBe(REVIEWER);
  }, 60_000);

  it('viewer habits: the wheel steps slices, Ctrl+wheel zooms, I inverts, Ctrl+Shift+Z and Ctrl+Y redo, Delete on an OCR box says to reject it', async () => {
    const rows = seriesInstances(page, E2E_PATIENT.mrn, TEXT);
    const second = await imageIdOf(rows.nth(1));
    await rows.nth(0).click();
    await waitForImage(page, first);
    const canvas = await page.getByTestId('viewer-canvas').boundingBox();
    if (canvas === null) throw new Error('no viewer');
    await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
    const selected = page.locator('[data-testid=tree-instance][aria-current=true]');
    await page.mouse.wheel(0, 100);
    await expect.poll(() => selected.getAttribute('data-image-id')).toBe(second);
    await waitForImage(page, second);
    await page.mouse.wheel(0, -100);
    await expect.poll(() => selected.getAttribute('data-image-id')).toBe(first);
    await waitForImage(page, first);
    const scale = async (): Promise<number> => Number(((await page.getByTestId('box-layer').getAttribute('data-transform')) ?? '0').split(' ')[0]);
    const before = await scale();
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -300);
    await page.keyboard.up('Control');
    await expect.poll(scale).toBeGreaterThan(before * 1.2);
    expect(await selected.getAttribute('data-image-id')).toBe(first);

    await page.keyboard.press('i');
    await expect.poll(() => page.getByTestId('viewer-status').textContent()).toContain('inverted (I)');
    await page.keyboard.press('i');
    await expect.poll(() => page.getByTestId('viewer-status').textContent()).not.toContain('inverted');

    // Redo: approve, undo, redo with both keys.
    const box = Number(await proposals().nth(0).getAttribute('data-box-id'));
    await page.locator(`[data-testid=box-item][data-rect-id="${box}"] .box-item-main`).click();
    await page.keyboard.press('a');
    await expect.poll(() => statusInDb(box)).toBe('approved');
    await page.keyboard.press('Control+z');
    await expect.poll(() => statusInDb(box)).toBe('proposed');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => statusInDb(box)).toBe('approved');
    await page.keyboard.press('Control+z');
    await expect.poll(() => statusInDb(box)).toBe('proposed');
    await page.keyboard.press('Control+y');
    await expect.poll(() => statusInDb(box)).toBe('approved');

    await page.locator(`[data-testid=box-item][data-rect-id="${box}"] .box-item-main`).click();
    await page.keyboard.press('Delete');
    await expect.poll(() => page.getByTestId('notice').allTextContents()).toContainEqual(expect.stringMatching(/reject it instead/));
    expect(await statusInDb(box)).toBe('approved');
  }, 60_000);

  it('shows the main screens at 1600×1000 (screenshots in test-results/)', async () => {
    await page.setViewportSize({ width: 1600, height: 1000 });
    await page.keyboard.press('Escape');
    await page.screenshot({ path: join(REPO_ROOT, 'test-results', 'screen-review-1600x1000.png') });
    await page.keyboard.press('?');
    await page.getByTestId('help-overlay').waitFor();
    expect(await page.getByTestId('help-overlay').textContent()).toContain('Redo the change last undone');
    // What is burned and what is kept, in the boxes' own labels (unflagged text is kept).
    expect(await page.getByTestId('help-outcome').textContent()).toContain('Rejected (kept) · Unflagged text (kept)');
    await page.screenshot({ path: join(REPO_ROOT, 'test-results', 'screen-help-1600x1000.png') });
    await page.keyboard.press('Escape');
    await page.getByTestId('help-overlay').waitFor({ state: 'detached' });
    await page.getByTestId('open-deid').click();
    await page.getByTestId('deid-dialog').waitFor();
    await expect.poll(() => page.getByTestId('deid-unreviewed').count(), { timeout: 20_000 }).toBe(1);
    await page.screenshot({ path: join(REPO_ROOT, 'test-results', 'screen-deidentify-1600x1000.png') });
    await page.keyboard.press('Escape');
    await page.getByTestId('deid-dialog').waitFor({ state: 'detached' });
    await page.getByTestId('folder-crumb').click();
    await page.setViewportSize({ width: 1400, height: 900 });
  }, 60_000);

  it('a decision made with the server stopped goes back, shows "not saved" and is not in the database; a reopened page shows the database', async () => {
    const second = await imageIdOf(seriesInstances(page, E2E_PATIENT.mrn, TEXT).nth(1));
    await page.keyboard.press('j');
    await waitForImage(page, second);
    await expect.poll(() => proposals().count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    const target = Number(await proposals().nth(0).getAttribute('data-box-id'));
    const item = page.locator(`[data-testid=box-item][data-rect-id="${target}"]`);

    await server.stop();
    await expect.poll(() => page.getByTestId('connection-lost').count(), { timeout: 20_000 }).toBe(1);
    expect(await page.getByTestId('connection-lost').textContent()).toMatch(/not answering.*deid-studio serve.*new address/s);
    await item.locator('.box-item-main').click();
    await page.keyboard.press('r');
    await expect.poll(() => item.getAttribute('data-save')).toBe('unsaved');
    expect(await item.getByTestId('box-save').textContent()).toMatch(/^not saved/);
    // It goes back to what the server holds, on the image and in the list.
    expect(await item.getAttribute('data-status')).toBe('proposed');
    expect(await shape(target).getAttribute('data-status')).toBe('proposed');
    expect(await shape(target).getAttribute('data-save')).toBe('unsaved');
    await page.screenshot({ path: join(REPO_ROOT, 'test-results', 'e2e-not-saved.png') });

    const handle = openDatabase(db, { readonly: true });
    try {
      expect(getRect(handle, target)?.status).toBe('proposed');
    } finally {
      handle.close();
    }

    // A new server (new port and token) on the same database: its page shows what the database holds.
    restarted = await startServe(['--root', root, '--db', db]);
    const fresh = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    fresh.on('pageerror', (e) => pageErrors.push(e.message));
    await fresh.goto(restarted.url);
    await fresh.getByTestId('home').waitFor();
    await fresh.setViewportSize({ width: 1600, height: 1000 });
    await fresh.screenshot({ path: join(REPO_ROOT, 'test-results', 'screen-home-1600x1000.png') });
    await fresh.setViewportSize({ width: 1400, height: 900 });
    await openFolderViaPicker(fresh, 'study');
    await waitForJob(restarted, 'scan', 90_000);
    await seriesInstances(fresh, E2E_PATIENT.mrn, TEXT).nth(1).click();
    const listed = fresh.locator(`[data-testid=box-item][data-rect-id="${target}"]`);
    await expect.poll(() => listed.getAttribute('data-status'), { timeout: 20_000 }).toBe('proposed');
    expect(await listed.getAttribute('data-save')).toBe('saved');
    expect(await fresh.getByTestId('connection-lost').count()).toBe(0);
    await fresh.close();
  }, 180_000);

  it('ran without errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
