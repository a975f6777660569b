/**
 * Steps on the review UI that several end-to-end tests take: open a folder through the browse
 * picker, find tree rows, draw a box at image coordinates, and wait for jobs on the server.
 */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { PixelBox } from '../../pixelText/renderText';
import { callChannel } from './apiClient';
import type { PageGlobals } from './pageGlobals';
import type { ServeProcess } from './serveProcess';

/** Opens `<root>/<folderName>` through the browse picker and waits for the review screen. */
export async function openFolderViaPicker(page: Page, folderName: string): Promise<void> {
  await page.getByTestId('open-folder').click();
  const picker = page.getByTestId('folder-picker');
  await picker.locator('.picker-entry.picker-folder').first().click();
  await picker.locator('.picker-entry.picker-folder', { hasText: folderName }).click();
  // The picker lists the folder it went into before it may open it: "Open this folder" clicked
  // during the move opens the folder it is leaving.
  await expect.poll(() => picker.getByTestId('picker-path').textContent(), { timeout: 30_000 }).toMatch(new RegExp(`${folderName}$`));
  await picker.getByRole('button', { name: 'Open this folder' }).click();
  await page.getByTestId('review').waitFor();
}

interface JobLike {
  jobId: string;
  kind: string;
  state: string;
  error: { message: string } | null;
}

/** Waits until the server lists a job of `kind` and none of that kind is running; returns the last one. */
export async function waitForJob(server: ServeProcess, kind: string, timeoutMs: number): Promise<JobLike> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { jobs } = await callChannel<{ jobs: JobLike[] }>(server.origin, server.token, 'jobsList', {});
    const mine = jobs.filter((j) => j.kind === kind);
    const last = mine[mine.length - 1];
    if (last !== undefined && mine.every((j) => j.state !== 'running')) return last;
    if (Date.now() > deadline) throw new Error(`no finished ${kind} job within ${timeoutMs} ms: ${JSON.stringify(mine)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The instance rows of a series (found by its description) of the patient with `mrn`. */
export function seriesInstances(page: Page, mrn: string, seriesDescription: string): Locator {
  return page
    .locator('li.tree-patient', { hasText: `MRN ${mrn}` })
    .locator('li.tree-series', { hasText: seriesDescription })
    .getByTestId('tree-instance');
}

/** The image id behind a tree row. */
export async function imageIdOf(row: Locator): Promise<string> {
  const id = await row.getAttribute('data-image-id');
  if (id === null) throw new Error('tree row without data-image-id');
  return id;
}

/** Waits until the viewer has drawn `imageId` (any frame). */
export async function waitForImage(page: Page, imageId: string): Promise<void> {
  await page.waitForFunction(
    (id) => (globalThis as unknown as PageGlobals).document.querySelector('[data-testid=viewer-canvas]')?.dataset.renderedKey?.startsWith(`${id}|`) === true,
    imageId,
  );
}

/** Page coordinates of an image pixel, from the viewer's published image → canvas transform. */
export async function pagePointOf(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  const layer = page.getByTestId('box-layer');
  const t = (await layer.getAttribute('data-transform'))?.split(' ').map(Number);
  const rect = await layer.boundingBox();
  if (t === undefined || t.length !== 4 || rect === null) throw new Error('the viewer shows no image');
  return { x: rect.x + t[0] * x + t[2], y: rect.y + t[1] * y + t[3] };
}

/**
 * Waits until the image → page transform holds still for a moment: on a loaded machine the viewer
 * may still be fitting the image (a late layout or resize) when a test starts to drag.
 */
async function waitForSteadyView(page: Page): Promise<void> {
  const deadline = Date.now() + 30_000;
  let last = '';
  for (;;) {
    const p = await pagePointOf(page, 0, 0);
    const q = await pagePointOf(page, 100, 100);
    const now = [p.x, p.y, q.x, q.y].map((v) => v.toFixed(1)).join(' ');
    if (now === last || Date.now() > deadline) return;
    last = now;
    await page.waitForTimeout(250);
  }
}

/** Drags a new box over `box` (image pixels) grown by `pad` on every side. */
export async function drawBox(page: Page, box: PixelBox, pad: number): Promise<void> {
  await waitForSteadyView(page);
  const a = await pagePointOf(page, box.x - pad, box.y - pad);
  const b = await pagePointOf(page, box.x + box.w + pad, box.y + box.h + pad);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 4 });
  await page.mouse.move(b.x, b.y, { steps: 4 });
  await page.mouse.up();
}

/** Gives the reviewer's name in the dialog the app opens by itself on first use. */
export async function nameReviewer(page: Page, name: string): Promise<void> {
  const prompt = page.getByTestId('reviewer-first-use');
  await prompt.waitFor();
  await page.getByTestId('reviewer-name').fill(name);
  await page.getByRole('button', { name: 'Save' }).click();
  await prompt.waitFor({ state: 'detached' });
}
