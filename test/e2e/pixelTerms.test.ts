/**
 * Allow and deny lists from the review screen, in a real browser against `deid-studio serve`:
 * with a box selected, Shift+B puts its text on the project's denylist (and burns it here) and
 * Shift+K on the allowlist (and keeps it); the help lists both keys; the project dialog's panel
 * shows the terms and removes one, and the server's lists say the same.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callChannel } from './support/apiClient';
import { browserMissing, launchChromium } from './support/browser';
import { writeTextSeries } from './support/e2eStudy';
import { ensureBuilt } from './support/ensureBuilt';
import { imageIdOf, nameReviewer, openFolderViaPicker, waitForImage, waitForJob } from './support/reviewPage';
import { startServe } from './support/serveProcess';
import type { ServeProcess } from './support/serveProcess';
import { closeE2e } from './support/teardown';

const skip = browserMissing();

interface Rect {
  rectId: number;
  text: string | null;
  status: string;
}
interface Term {
  list: string;
  term: string;
}

describe.skipIf(skip)('allow and deny lists from the review screen (serve + Chromium)', () => {
  let tmp = '';
  let server: ServeProcess;
  let browser: Browser;
  let page: Page;
  let imageId = '';

  const rectsOf = async (): Promise<Rect[]> => (await callChannel<{ rects: Rect[] }>(server.origin, server.token, 'rectsList', { imageId })).rects;
  const terms = async (): Promise<Term[]> => (await callChannel<{ terms: Term[] }>(server.origin, server.token, 'pixelTermsList', {})).terms;
  const selected = (): ReturnType<Page['locator']> => page.locator('[data-testid=box-layer] .box-selected .box-shape');
  /** Selects the next box with N and returns its id and its text as the server has it. */
  const selectNext = async (): Promise<Rect> => {
    const before = await selected().getAttribute('data-box-id').catch(() => null);
    await page.keyboard.press('n');
    await expect.poll(() => selected().getAttribute('data-box-id')).not.toBe(before);
    const id = Number(await selected().getAttribute('data-box-id'));
    const rect = (await rectsOf()).find((r) => r.rectId === id);
    if (rect === undefined) throw new Error(`box ${id} is not on the server`);
    return rect;
  };

  beforeAll(async () => {
    await ensureBuilt();
    tmp = mkdtempSync(join(tmpdir(), 'deid-e2e-terms-'));
    writeTextSeries(join(tmp, 'root', 'study'), 1);
    server = await startServe(['--root', join(tmp, 'root'), '--db', join(tmp, 'db.sqlite')]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  }, 180_000);

  afterAll(async () => closeE2e({ browser, server, tmp }));

  it('opens a study with burned-in text and reads it into boxes', async () => {
    await page.goto(server.url);
    await nameReviewer(page, 'Terms Reviewer');
    await openFolderViaPicker(page, 'study');
    expect((await waitForJob(server, 'scan', 90_000)).state).toBe('done');
    expect((await waitForJob(server, 'ocr', 240_000)).state).toBe('done');
    const row = page.getByTestId('tree-instance').first();
    imageId = await imageIdOf(row);
    await row.click();
    await waitForImage(page, imageId);
    await expect.poll(async () => (await rectsOf()).filter((r) => r.text !== null && r.text.trim() !== '').length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
  }, 360_000);

  it('lists both keys in the help', async () => {
    await page.keyboard.press('?');
    const help = page.getByRole('dialog');
    await expect.poll(() => help.textContent()).toMatch(/Shift\+K.*allowlist/s);
    expect(await help.textContent()).toMatch(/Shift\+B.*denylist/s);
    await page.keyboard.press('?');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
  });

  it('Shift+B puts the selected box text on the denylist and burns it; Shift+K puts another on the allowlist and keeps it', async () => {
    await page.mouse.move(2, 2);
    const burned = await selectNext();
    await page.keyboard.press('Shift+B');
    await expect.poll(async () => (await terms()).map((t) => `${t.list}:${t.term}`)).toContain(`deny:${burned.text?.trim()}`);
    await expect.poll(async () => (await rectsOf()).find((r) => r.rectId === burned.rectId)?.status).toBe('approved');
    await expect.poll(() => page.getByTestId('notice').allTextContents()).toContainEqual(expect.stringMatching(/to the denylist/));

    let kept = await selectNext();
    for (let i = 0; kept.rectId === burned.rectId && i < 5; i++) kept = await selectNext();
    await page.keyboard.press('Shift+K');
    await expect.poll(async () => (await terms()).map((t) => `${t.list}:${t.term}`)).toContain(`allow:${kept.text?.trim()}`);
    await expect.poll(async () => (await rectsOf()).find((r) => r.rectId === kept.rectId)?.status).toBe('rejected');
  }, 60_000);

  it("shows the project's terms in its panel and removes one", async () => {
    const before = await terms();
    expect(before).toHaveLength(2);
    await page.getByTestId('header-project').click();
    await page.getByTestId('project-tab-terms').click();
    const entries = page.getByTestId('term-entry');
    await expect.poll(() => entries.count()).toBe(2);
    const deny = before.find((t) => t.list === 'deny');
    const entry = page.locator(`[data-testid=terms-deny] [data-testid=term-entry]`);
    expect(await entry.getAttribute('data-term')).toBe(deny?.term);
    await entry.getByTestId('term-remove').click();
    await expect.poll(() => entries.count()).toBe(1);
    expect((await terms()).map((t) => t.list)).toEqual(['allow']);
  }, 60_000);
});
