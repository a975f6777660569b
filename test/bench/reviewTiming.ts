/**
 * In-page timers for the two interactive figures of the review screen: from a click on a tree row
 * to the image drawn on the canvas, and from a key press to the box showing its new status. Both
 * stop on the next animation frame, when the change is on screen.
 */
import type { Locator, Page } from 'playwright-core';
import type { PageGlobals } from '../e2e/support/pageGlobals';

/** Milliseconds from clicking `row` to the viewer drawing `imageId` (plus one frame). */
export async function timeSelectToPixels(page: Page, row: Locator, imageId: string): Promise<number> {
  const testId = await row.getAttribute('data-image-id');
  if (testId !== imageId) throw new Error(`row shows ${testId}, expected ${imageId}`);
  return page.evaluate(
    (id) =>
      new Promise<number>((resolve, reject) => {
        const g = globalThis as unknown as PageGlobals;
        const canvas = g.document.querySelector('[data-testid=viewer-canvas]');
        const rowEl = g.document.querySelector(`[data-image-id="${id}"]`);
        if (canvas === null || rowEl === null) return reject(new Error('no viewer or no tree row'));
        const t0 = performance.now();
        const onRendered = (): void => {
          if (canvas.dataset.renderedKey?.startsWith(`${id}|`) !== true) return;
          canvas.removeEventListener('cornerstoneimagerendered', onRendered);
          g.requestAnimationFrame(() => resolve(performance.now() - t0));
        };
        canvas.addEventListener('cornerstoneimagerendered', onRendered);
        rowEl.click();
        setTimeout(() => reject(new Error(`image ${id} not drawn within 10 s`)), 10_000);
      }),
    imageId,
  );
}

/** Milliseconds from pressing `key` to box `rectId` showing `status` in the viewer (plus one frame). */
export async function timeKeyToStatus(page: Page, key: string, rectId: number, status: string): Promise<number> {
  await page.evaluate(
    ([id, want]) => {
      const g = globalThis as unknown as PageGlobals;
      g.__deidKeyTiming = new Promise<number>((resolve, reject) => {
        let t0 = 0;
        g.addEventListener('keydown', () => (t0 = performance.now()), { capture: true, once: true });
        const layer = g.document.querySelector('[data-testid=box-layer]');
        if (layer === null) return reject(new Error('no box layer'));
        const shows = (): boolean => layer.querySelector(`.box-shape[data-box-id="${id}"]`)?.getAttribute('data-status') === want;
        const observer = new g.MutationObserver(() => {
          if (t0 === 0 || !shows()) return;
          observer.disconnect();
          g.requestAnimationFrame(() => resolve(performance.now() - t0));
        });
        observer.observe(layer, { subtree: true, attributes: true, childList: true });
        setTimeout(() => reject(new Error(`box ${id} never showed ${want}`)), 10_000);
      });
    },
    [rectId, status] as const,
  );
  await page.keyboard.press(key);
  return page.evaluate(() => (globalThis as unknown as PageGlobals).__deidKeyTiming ?? Promise.reject(new Error('timer not armed')));
}
