/**
 * The As-written view (issue 12, defect 6), in a real browser against `deid-studio serve`: V shows
 * the frame exactly as the writer will write it, served by `imagesAsWritten` (the writer's own
 * burning and overlay functions), with an "AS WRITTEN" badge and the verdict's words for what is
 * burned and kept. The test then de-identifies the study, decodes the written files with
 * dicom-parser (not the project's decoder) and asserts their pixels equal the As-written pixels.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callChannel } from './support/apiClient';
import { callBinaryChannel } from './support/binaryChannel';
import { browserMissing, launchChromium } from './support/browser';
import { deidentifyInto } from './support/deidentifyPage';
import { E2E_PATIENT, INK, writeTextSeries } from './support/e2eStudy';
import { REPO_ROOT, ensureBuilt } from './support/ensureBuilt';
import { filesUnder, readOutput } from './support/outputFiles';
import type { PageGlobals } from './support/pageGlobals';
import { imageIdOf, nameReviewer, openFolderViaPicker, pagePointOf, seriesInstances, waitForImage, waitForJob } from './support/reviewPage';
import { startServe } from './support/serveProcess';
import { closeE2e } from './support/teardown';
import type { ServeProcess } from './support/serveProcess';

const skip = browserMissing();
const TEXT = 'Scout with annotations';

interface AsWrittenMeta {
  width: number;
  height: number;
  format: string;
  asWritten: { pixels: string; boxes: number; burnedPixels: number; summary: string };
}

describe.skipIf(skip)('the As-written view (serve + Chromium)', () => {
  let tmp = '';
  let root = '';
  let server: ServeProcess;
  let browser: Browser;
  let page: Page;
  let burned = { name: { x: 0, y: 0, w: 0, h: 0 } };
  const imageIds: string[] = [];
  const asWritten = new Map<number, { meta: AsWrittenMeta; pixels: Uint16Array }>();
  const pageErrors: string[] = [];

  const fetchAsWritten = async (imageId: string) => {
    const r = await callBinaryChannel<AsWrittenMeta>(server.origin, server.token, 'imagesAsWritten', { imageId, frame: 0, format: 'gray16' });
    return { meta: r.meta, pixels: new Uint16Array(r.body) };
  };
  const renderedKey = () => page.evaluate(() => (globalThis as unknown as PageGlobals).document.querySelector('[data-testid=viewer-canvas]')?.dataset.renderedKey ?? '');

  beforeAll(async () => {
    await ensureBuilt();
    tmp = mkdtempSync(join(tmpdir(), 'deid-e2e-aswritten-'));
    root = join(tmp, 'root');
    burned = writeTextSeries(join(root, 'study'), 2);
    server = await startServe(['--root', root, '--db', join(tmp, 'db.sqlite')]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    mkdirSync(join(REPO_ROOT, 'test-results'), { recursive: true });
  }, 180_000);

  afterAll(async () => closeE2e({ browser, server, tmp }));

  it('reads the study into proposals', async () => {
    await page.goto(server.url);
    await nameReviewer(page, 'As Written Reviewer');
    await openFolderViaPicker(page, 'study');
    expect((await waitForJob(server, 'scan', 90_000)).state).toBe('done');
    const ocr = await waitForJob(server, 'ocr', 240_000);
    expect(ocr.state, ocr.error?.message).toBe('done');
    await expect.poll(() => page.locator('.job').count(), { timeout: 60_000 }).toBe(0);
    const rows = seriesInstances(page, E2E_PATIENT.mrn, TEXT);
    for (let i = 0; i < 2; i++) imageIds.push(await imageIdOf(rows.nth(i)));
    await rows.nth(0).click();
    await waitForImage(page, imageIds[0]);
  }, 360_000);

  it('serves the frame as written: every box the verdict burns burned, in the verdict\'s words', async () => {
    for (const [i, id] of imageIds.entries()) {
      const w = await fetchAsWritten(id);
      expect(w.meta.format).toBe('gray16');
      expect(w.meta.asWritten.pixels).toBe('redacted');
      expect(w.meta.asWritten.boxes).toBeGreaterThan(0);
      expect(w.meta.asWritten.summary).toMatch(/^read: \d+ box(es)? burned, then verified/);
      // The name's ink is gone from the burned frame.
      const n = burned.name;
      let ink = 0;
      for (let y = n.y; y < n.y + n.h; y++) for (let x = n.x; x < n.x + n.w; x++) if (w.pixels[y * w.meta.width + x] === INK) ink++;
      expect(ink).toBe(0);
      asWritten.set(i + 1, w);
    }
  }, 60_000);

  it('V toggles the As-written view with its badge, and the viewer draws the burned pixels', async () => {
    const n = burned.name;
    const a = await pagePointOf(page, n.x, n.y);
    const b = await pagePointOf(page, n.x + n.w, n.y + n.h);
    const clip = { x: a.x, y: a.y, width: Math.max(4, b.x - a.x), height: Math.max(4, b.y - a.y) };
    // The boxes are hidden in both pictures so only pixels are compared.
    await page.keyboard.press('b');
    await page.waitForTimeout(300);
    const before = await page.screenshot({ clip });
    await page.keyboard.press('v');
    await expect.poll(renderedKey, { timeout: 30_000 }).toBe(`${imageIds[0]}|0|as-written`);
    const badge = page.getByTestId('as-written-badge');
    expect(await badge.locator('.as-written-badge').textContent()).toBe('AS WRITTEN');
    await expect.poll(() => page.getByTestId('as-written-summary').textContent(), { timeout: 20_000 }).toBe(asWritten.get(1)?.meta.asWritten.summary);
    await page.waitForTimeout(300);
    const after = await page.screenshot({ clip });
    expect(Buffer.compare(before, after)).not.toBe(0);
    await page.keyboard.press('b');
    await page.screenshot({ path: join(REPO_ROOT, 'test-results', 'screen-as-written-1600x1000.png') });
    // The help says what this image's verdict burns, in its own words.
    await page.keyboard.press('?');
    expect(await page.getByTestId('help-verdict').textContent()).toContain(asWritten.get(1)?.meta.asWritten.summary.split(';')[0] ?? '—');
    await page.keyboard.press('?');
    await page.keyboard.press('v');
    await expect.poll(renderedKey, { timeout: 30_000 }).toBe(`${imageIds[0]}|0`);
    expect(await page.getByTestId('as-written-badge').count()).toBe(0);
  }, 120_000);

  it('the written files hold exactly the As-written pixels (decoded by dicom-parser)', async () => {
    // Both images were served as written (the earlier test): the comparison below is not vacuous.
    expect([...asWritten.keys()].sort()).toEqual([1, 2]);
    const output = await deidentifyInto(page, 'out');
    const written = filesUnder(output).map((f) => readOutput(f)).filter((d) => d !== null);
    for (const [instance, w] of asWritten) {
      const out = written.find((d) => d.instance === instance);
      expect(out, `instance ${instance} was not written`).toBeDefined();
      if (out === undefined) continue;
      expect([out.columns, out.rows]).toEqual([w.meta.width, w.meta.height]);
      let differ = 0;
      for (let y = 0; y < out.rows; y++) for (let x = 0; x < out.columns; x++) if (out.pixel(x, y) !== w.pixels[y * out.columns + x]) differ++;
      expect(differ, `pixels of instance ${instance} that differ from the As-written view`).toBe(0);
    }
    const jobs = await callChannel<{ jobs: { kind: string; state: string }[] }>(server.origin, server.token, 'jobsList', {});
    expect(jobs.jobs.find((j) => j.kind === 'deidentify')?.state).toBe('done');
  }, 300_000);

  it('ran without errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
