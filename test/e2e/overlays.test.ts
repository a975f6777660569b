/**
 * Overlay planes (60xx) in a real browser against `deid-studio serve`: an image whose patient name
 * is only in overlay 6000 shows the name at the overlay's origin on every frame; the screenshot
 * with the overlay differs from the one without it inside the overlay's box and nowhere else.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OVERLAY_PLANE, writeOverlayImage } from '../fixtures/overlayImage';
import { browserMissing, launchChromium } from './support/browser';
import { REPO_ROOT, ensureBuilt } from './support/ensureBuilt';
import type { PageGlobals } from './support/pageGlobals';
import { imageIdOf, nameReviewer, openFolderViaPicker, pagePointOf, waitForImage, waitForJob } from './support/reviewPage';
import { startServe } from './support/serveProcess';
import { closeE2e } from './support/teardown';
import type { ServeProcess } from './support/serveProcess';

const skip = browserMissing();
const SHOTS = join(REPO_ROOT, 'test-results');

interface Shot {
  width: number;
  data: Uint8Array;
}

describe.skipIf(skip)('overlay planes in the viewer (serve + Chromium)', () => {
  let tmp = '';
  let server: ServeProcess;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const plane = (): ReturnType<Page['locator']> => page.locator('[data-testid=overlay-layer] image.overlay-plane[data-group="6000"]');

  beforeAll(async () => {
    await ensureBuilt();
    tmp = mkdtempSync(join(tmpdir(), 'deid-e2e-overlay-'));
    const root = join(tmp, 'root');
    writeOverlayImage(join(root, 'study'));
    server = await startServe(['--root', root, '--db', join(tmp, 'db.sqlite')]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    mkdirSync(SHOTS, { recursive: true });
  }, 180_000);

  afterAll(async () => closeE2e({ browser, server, tmp }));

  /** The viewer canvas as RGBA (JPEG at full quality: the overlay's colour is far above its noise). */
  const shoot = async (name: string): Promise<Shot & { clip: { x: number; y: number } }> => {
    const clip = await page.getByTestId('viewer-canvas').boundingBox();
    if (clip === null) throw new Error('no viewer');
    const bytes = await page.screenshot({ clip, type: 'jpeg', quality: 100 });
    writeFileSync(join(SHOTS, name), bytes);
    const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
    return { width: img.width, data: img.data, clip };
  };

  it('draws overlay 6000 at its origin on every frame; O hides it, and only its box changes', async () => {
    await page.goto(server.url);
    await nameReviewer(page, 'Overlay Reviewer');
    await openFolderViaPicker(page, 'study');
    expect((await waitForJob(server, 'scan', 90_000)).state).toBe('done');
    await waitForJob(server, 'ocr', 240_000);
    await expect.poll(() => page.locator('.job').count(), { timeout: 60_000 }).toBe(0);
    const row = page.getByTestId('tree-instance').first();
    const imageId = await imageIdOf(row);
    await row.click();
    await waitForImage(page, imageId);
    await expect.poll(() => plane().count(), { timeout: 20_000 }).toBe(1);
    await page.mouse.move(5, 5);

    // At its origin: the picture covers exactly the plane's pixels under the viewer's transform.
    const t = ((await page.getByTestId('box-layer').getAttribute('data-transform')) ?? '').split(' ').map(Number);
    const drawn = await Promise.all(['x', 'y', 'width', 'height'].map(async (a) => Number(await plane().getAttribute(a))));
    const want = [
      t[0] * (OVERLAY_PLANE.originColumn - 1) + t[2],
      t[1] * (OVERLAY_PLANE.originRow - 1) + t[3],
      t[0] * OVERLAY_PLANE.columns,
      t[1] * OVERLAY_PLANE.rows,
    ];
    drawn.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThan(0.5));

    const withOverlay = await shoot('e2e-overlay-on.jpg');
    await page.keyboard.press('o');
    await expect.poll(() => plane().count()).toBe(0);
    await expect.poll(() => page.getByTestId('viewer-status').textContent()).toContain('overlay 6000 hidden (O)');
    const without = await shoot('e2e-overlay-off.jpg');

    const a = await pagePointOf(page, OVERLAY_PLANE.originColumn - 1, OVERLAY_PLANE.originRow - 1);
    const b = await pagePointOf(page, OVERLAY_PLANE.originColumn - 1 + OVERLAY_PLANE.columns, OVERLAY_PLANE.originRow - 1 + OVERLAY_PLANE.rows);
    const box = { x0: a.x - withOverlay.clip.x, y0: a.y - withOverlay.clip.y, x1: b.x - withOverlay.clip.x, y1: b.y - withOverlay.clip.y };
    let inside = 0;
    let outside = 0;
    const height = withOverlay.data.length / 4 / withOverlay.width;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < withOverlay.width; x++) {
        const i = (y * withOverlay.width + x) * 4;
        const diff = Math.max(...[0, 1, 2].map((c) => Math.abs(withOverlay.data[i + c] - without.data[i + c])));
        if (diff <= 64) continue;
        if (x >= box.x0 && x < box.x1 && y >= box.y0 && y < box.y1) inside++;
        // JPEG blocks bleed a few pixels past the box's edge.
        else if (x < box.x0 - 8 || x >= box.x1 + 8 || y < box.y0 - 8 || y >= box.y1 + 8) outside++;
      }
    }
    expect(inside, 'pixels the overlay changed inside its box').toBeGreaterThan(100);
    expect(outside, 'pixels changed outside the overlay box').toBe(0);

    // Every frame: the one-frame overlay shows on frame 2 at the same place.
    await page.keyboard.press('o');
    await page.keyboard.press('.');
    await page.waitForFunction((key) => (globalThis as unknown as PageGlobals).document.querySelector('[data-testid=viewer-canvas]')?.dataset.renderedKey === key, `${imageId}|1`);
    await expect.poll(() => plane().count()).toBe(1);
    expect(Number(await plane().getAttribute('x'))).toBeCloseTo(drawn[0], 3);
    expect(Number(await plane().getAttribute('y'))).toBeCloseTo(drawn[1], 3);
    await page.screenshot({ path: join(SHOTS, 'e2e-overlay-frame2.png') });
  }, 360_000);

  it('ran without errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
