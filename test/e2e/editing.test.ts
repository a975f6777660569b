/**
 * Editing boxes (issue 12, defect 7), in a real browser against `deid-studio serve`: a drag on the
 * reviewer's own box moves it even where an OCR box's shape lies on top of it (on main it drew a
 * second box), and a drag that starts inside an OCR box with no manual box under it still draws.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callChannel } from './support/apiClient';
import { browserMissing, launchChromium } from './support/browser';
import { E2E_PATIENT, writeTextSeries } from './support/e2eStudy';
import { ensureBuilt } from './support/ensureBuilt';
import { drawBox, imageIdOf, nameReviewer, openFolderViaPicker, pagePointOf, seriesInstances, waitForImage, waitForJob } from './support/reviewPage';
import { startServe } from './support/serveProcess';
import { closeE2e } from './support/teardown';
import type { ServeProcess } from './support/serveProcess';

const skip = browserMissing();
const TEXT = 'Scout with annotations';

interface Rect {
  rectId: number;
  source: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

describe.skipIf(skip)('editing boxes in the browser (serve + Chromium)', () => {
  let tmp = '';
  let server: ServeProcess;
  let browser: Browser;
  let page: Page;
  let first = '';
  let burned: ReturnType<typeof writeTextSeries>;
  const pageErrors: string[] = [];

  const rects = async (): Promise<Rect[]> => (await callChannel<{ rects: Rect[] }>(server.origin, server.token, 'rectsList', { imageId: first })).rects;
  const manual = async (): Promise<Rect[]> => (await rects()).filter((r) => r.source === 'manual');
  /** The OCR box whose centre lies in `ink` grown by 8 pixels. */
  const ocrOver = async (ink: { x: number; y: number; w: number; h: number }): Promise<Rect> => {
    const hit = (await rects()).find((r) => {
      const cx = r.x + r.w / 2;
      const cy = r.y + r.h / 2;
      return r.source === 'ocr' && cx >= ink.x - 8 && cx <= ink.x + ink.w + 8 && cy >= ink.y - 8 && cy <= ink.y + ink.h + 8;
    });
    if (hit === undefined) throw new Error(`no OCR box over ${JSON.stringify(ink)}: ${JSON.stringify(await rects())}`);
    return hit;
  };
  const drag = async (from: { x: number; y: number }, by: { x: number; y: number }): Promise<void> => {
    const a = await pagePointOf(page, from.x, from.y);
    const b = await pagePointOf(page, from.x + by.x, from.y + by.y);
    await page.mouse.move(a.x, a.y);
    await page.mouse.down();
    await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 4 });
    await page.mouse.move(b.x, b.y, { steps: 4 });
    await page.mouse.up();
  };

  beforeAll(async () => {
    await ensureBuilt();
    tmp = mkdtempSync(join(tmpdir(), 'deid-e2e-edit-'));
    burned = writeTextSeries(join(tmp, 'root', 'study'), 2);
    server = await startServe(['--root', join(tmp, 'root'), '--db', join(tmp, 'db.sqlite')]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
  }, 180_000);

  afterAll(async () => closeE2e({ browser, server, tmp }));

  it('opens the study with its proposals', async () => {
    await page.goto(server.url);
    await nameReviewer(page, 'Editing Reviewer');
    await openFolderViaPicker(page, 'study');
    expect((await waitForJob(server, 'scan', 90_000)).state).toBe('done');
    const ocr = await waitForJob(server, 'ocr', 240_000);
    expect(ocr.state, ocr.error?.message).toBe('done');
    await expect.poll(() => page.locator('.job').count(), { timeout: 60_000 }).toBe(0);
    const row = seriesInstances(page, E2E_PATIENT.mrn, TEXT).nth(0);
    first = await imageIdOf(row);
    await row.click();
    await waitForImage(page, first);
    await expect.poll(() => page.locator('[data-testid=box-layer] .box-shape[data-source=ocr]').count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
  }, 360_000);

  it('a drag inside the selected manual box moves it, though an OCR box lies on top there', async () => {
    const name = await ocrOver(burned.name);
    // Drawn around the name with a margin: its top is above the OCR box's, so the OCR shape is drawn over it.
    await drawBox(page, name, 6);
    await expect.poll(async () => (await manual()).length, { timeout: 20_000 }).toBe(1);
    const [before] = await manual();
    await expect.poll(() => page.locator(`[data-testid=box-layer] .box-selected .box-shape[data-box-id="${before.rectId}"]`).count()).toBe(1);
    const centre = { x: name.x + name.w / 2, y: name.y + name.h / 2 };
    const onTop = await page.evaluate(
      ({ x, y }) => (globalThis as unknown as { document: { elementFromPoint(x: number, y: number): { getAttribute(n: string): string | null } | null } }).document.elementFromPoint(x, y)?.getAttribute('data-source') ?? null,
      await pagePointOf(page, centre.x, centre.y),
    );
    expect(onTop, 'the OCR box is the shape on top at the drag start').toBe('ocr');
    await drag(centre, { x: 40, y: 60 });
    await expect.poll(async () => (await manual()).map((r) => [r.rectId, r.y - before.y]), { timeout: 20_000 }).toEqual([[before.rectId, 60]]);
    const [after] = await manual();
    expect([after.x - before.x, after.w, after.h]).toEqual([40, before.w, before.h]);
  }, 120_000);

  it('a drag that starts inside an OCR box with no manual box under it draws a new box', async () => {
    await page.keyboard.press('Escape');
    const before = (await manual()).length;
    const date = await ocrOver(burned.date);
    await drag({ x: date.x + 2, y: date.y + 2 }, { x: date.w + 10, y: date.h + 10 });
    await expect.poll(async () => (await manual()).length, { timeout: 20_000 }).toBe(before + 1);
    const drawn = (await manual()).find((r) => Math.abs(r.x - (date.x + 2)) <= 1 && Math.abs(r.y - (date.y + 2)) <= 1);
    expect(drawn, JSON.stringify(await manual())).toBeDefined();
  }, 60_000);

  it('ran without errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
