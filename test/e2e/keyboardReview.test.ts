/**
 * Keyboard-only review of a 3-image study, from open to de-identify, in a real browser against
 * `deid-studio serve`: no mouse, pointer or wheel event reaches the page (a probe counts them).
 * The reviewer opens the folder from the home screen with Tab and Enter (the home screen's main
 * action has the focus; each folder the picker opens focuses its first subfolder), steps the images (J, K),
 * approves and rejects (A, R, Shift+A), marks each done (D), opens the de-identify dialog, makes
 * and picks an output folder, starts, and reads the summary. Screenshots of the main screens at
 * 1600×1000 go to test-results/.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callChannel } from './support/apiClient';
import { browserMissing, launchChromium } from './support/browser';
import { writeTextSeries } from './support/e2eStudy';
import { REPO_ROOT, ensureBuilt } from './support/ensureBuilt';
import { tabTo } from './support/keyboard';
import type { PageGlobals } from './support/pageGlobals';
import { waitForJob } from './support/reviewPage';
import { startServe } from './support/serveProcess';
import type { ServeProcess } from './support/serveProcess';
import { closeE2e } from './support/teardown';

const skip = browserMissing();
const SHOTS = join(REPO_ROOT, 'test-results');
const VIEWPORT = { width: 1600, height: 1000 };

interface Rect {
  rectId: number;
  status: string;
  decidedBy: string | null;
}
interface TreeNode {
  imageId?: string;
  done?: boolean;
  children?: TreeNode[];
  [key: string]: unknown;
}

describe.skipIf(skip)('keyboard-only review from open to de-identify (serve + Chromium)', () => {
  let tmp = '';
  let server: ServeProcess;
  let browser: Browser;
  let page: Page;
  let folderId = '';
  const imageIds: string[] = [];

  const shot = (name: string): Promise<Buffer> => page.screenshot({ path: join(SHOTS, name) });
  const rectsOf = async (imageId: string): Promise<Rect[]> => (await callChannel<{ rects: Rect[] }>(server.origin, server.token, 'rectsList', { imageId })).rects;
  const shownImage = async (): Promise<string> => (await page.getByTestId('viewer-canvas').getAttribute('data-rendered-key'))?.split('|')[0] ?? '';
  const press = async (key: string): Promise<void> => page.keyboard.press(key);
  const focused = (selector: string): Promise<boolean> =>
    page.evaluate((sel) => (globalThis as unknown as PageGlobals).document.activeElement?.matches(sel) === true, selector);

  beforeAll(async () => {
    await ensureBuilt();
    tmp = mkdtempSync(join(tmpdir(), 'deid-e2e-keys-'));
    writeTextSeries(join(tmp, 'root', 'study'), 3);
    server = await startServe(['--root', join(tmp, 'root'), '--db', join(tmp, 'db.sqlite')]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: VIEWPORT });
    // Counts every pointer-ish event the page sees: the test must cause none.
    await page.addInitScript(() => {
      const g = globalThis as unknown as PageGlobals;
      const seen: string[] = [];
      g.__pointerEvents = seen;
      for (const type of ['mousedown', 'mouseup', 'pointerdown', 'pointerup', 'wheel', 'dblclick', 'contextmenu']) {
        g.addEventListener(type, (e) => seen.push(e.type), { capture: true });
      }
    });
    mkdirSync(SHOTS, { recursive: true });
  }, 180_000);

  afterAll(async () => closeE2e({ browser, server, tmp }));

  it('names the reviewer and opens the study folder with Tab and Enter', async () => {
    await page.goto(server.url);
    const prompt = page.getByTestId('reviewer-first-use');
    await prompt.waitFor();
    await tabTo(page, '[data-testid=reviewer-name]');
    await page.keyboard.type('Keyboard Reviewer');
    await press('Enter');
    await prompt.waitFor({ state: 'detached' });
    await page.getByTestId('home').waitFor();
    await shot('screen-home.png');

    // The home screen's main action has the focus, and each folder the picker opens focuses its first subfolder.
    await expect.poll(() => focused('[data-testid=open-folder]')).toBe(true);
    await press('Enter');
    const picker = page.getByTestId('folder-picker');
    await picker.waitFor();
    await expect.poll(() => focused('[data-testid=folder-picker] .picker-entry.picker-folder')).toBe(true);
    await press('Enter');
    await expect.poll(() => picker.getByTestId('picker-path').textContent()).toMatch(/root$/);
    await expect.poll(() => focused('[data-testid=folder-picker] .picker-entry.picker-folder')).toBe(true);
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).document.activeElement?.textContent)).toBe('study');
    await press('Enter');
    await expect.poll(() => picker.getByTestId('picker-path').textContent()).toMatch(/study$/);
    await tabTo(page, '[data-testid=picker-confirm]');
    await press('Enter');
    await page.getByTestId('review').waitFor();
    expect((await waitForJob(server, 'scan', 90_000)).state).toBe('done');
    expect((await waitForJob(server, 'ocr', 240_000)).state).toBe('done');
    const info = await callChannel<{ openFolder: { folderId: string } | null }>(server.origin, server.token, 'appInfo', {});
    folderId = info.openFolder?.folderId ?? '';
    const tree = await callChannel<TreeNode>(server.origin, server.token, 'studiesTree', { folderId });
    const walk = (n: TreeNode): void => {
      if (typeof n.imageId === 'string') imageIds.push(n.imageId);
      for (const v of Object.values(n)) if (Array.isArray(v)) for (const c of v as TreeNode[]) walk(c);
    };
    walk(tree);
    expect(imageIds).toHaveLength(3);
    await expect.poll(shownImage, { timeout: 30_000 }).toBe(imageIds[0]);
    await expect.poll(() => page.locator('[data-testid=box-layer] .box-shape[data-status=proposed]').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    await shot('screen-review.png');
  }, 420_000);

  it('shows the help with ?, and closes it with ?', async () => {
    await press('?');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(1);
    await shot('screen-help.png');
    await press('?');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
  });

  it('steps the images with J and K, decides with A, R and Shift+A, and marks each image done with D', async () => {
    await press('j');
    await expect.poll(shownImage).toBe(imageIds[1]);
    await press('k');
    await expect.poll(shownImage).toBe(imageIds[0]);

    const before = (await rectsOf(imageIds[0])).filter((r) => r.status === 'proposed');
    expect(before.length).toBeGreaterThanOrEqual(2);
    await press('a');
    await expect.poll(async () => (await rectsOf(imageIds[0])).filter((r) => r.status === 'approved').length).toBe(1);
    await press('r');
    await expect.poll(async () => (await rectsOf(imageIds[0])).filter((r) => r.status === 'rejected').length).toBe(1);
    for (const [i, id] of imageIds.entries()) {
      await expect.poll(shownImage, { timeout: 20_000 }).toBe(id);
      await expect.poll(async () => (await rectsOf(id)).length, { timeout: 20_000 }).toBeGreaterThan(0);
      await press('Shift+A');
      await expect.poll(async () => (await rectsOf(id)).filter((r) => r.status === 'proposed').length).toBe(0);
      await press('d');
      if (i < imageIds.length - 1) await expect.poll(shownImage, { timeout: 20_000 }).toBe(imageIds[i + 1]);
    }
    // The last D is saved after the keypress returns: poll the plan until it says so.
    const plan = async (): Promise<{ imagesNotDone: number; unreviewedProposals: number }> =>
      callChannel<{ imagesNotDone: number; unreviewedProposals: number }>(server.origin, server.token, 'deidentifyPrepare', { folderId });
    await expect.poll(plan, { timeout: 20_000 }).toMatchObject({ imagesNotDone: 0, unreviewedProposals: 0 });
    for (const id of imageIds) for (const r of await rectsOf(id)) if (r.status !== 'unflagged') expect(r.decidedBy).toBe('Keyboard Reviewer');
  }, 180_000);

  it('opens de-identify, makes and picks an output folder, starts, and reads the summary, all by keyboard', async () => {
    await tabTo(page, '[data-testid=open-deid]');
    await press('Enter');
    const dialog = page.getByTestId('deid-dialog');
    await dialog.waitFor();
    await expect.poll(() => page.getByTestId('deid-unreviewed').textContent()).toContain('0 proposed');
    await tabTo(page, '[data-testid=deid-choose-output]');
    await press('Enter');
    const picker = page.getByTestId('folder-picker');
    await picker.waitFor();
    await expect.poll(() => focused('[data-testid=folder-picker] .picker-entry.picker-folder')).toBe(true);
    await press('Enter');
    await expect.poll(() => picker.getByTestId('picker-path').textContent()).toMatch(/root$/);
    await tabTo(page, '[data-testid=folder-picker] input[aria-label="New folder name"]');
    await page.keyboard.type('out');
    await press('Enter');
    await expect.poll(() => picker.getByTestId('picker-path').textContent()).toMatch(/out$/);
    await tabTo(page, '[data-testid=picker-confirm]');
    await press('Enter');
    await picker.waitFor({ state: 'detached' });
    expect(await page.getByTestId('deid-output-name').textContent()).toBe('out');
    await shot('screen-deidentify.png');

    await tabTo(page, '[data-testid=deid-start]');
    await press('Enter');
    const summary = page.getByTestId('deid-summary');
    await summary.waitFor({ timeout: 300_000 });
    expect(await summary.getAttribute('data-state')).toBe('done');
    expect(Number(await page.getByTestId('summary-written').textContent())).toBe(3);
    await shot('screen-summary.png');
  }, 330_000);

  it('took no mouse, pointer or wheel event', async () => {
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).__pointerEvents ?? ['no probe'])).toEqual([]);
  });
});
