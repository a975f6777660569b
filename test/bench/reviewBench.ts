/**
 * The review screen's two interactive figures, in Chromium against `deid-studio serve` on the
 * end-to-end study: selecting a 512×512 image to its pixels on screen (not cached, and prefetched
 * as J/K leaves it), and a decision key to the box showing its new status. Goals: < 300 ms and
 * < 50 ms (median). Speed is measured here, never asserted by a test.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callChannel } from '../e2e/support/apiClient';
import { launchChromium } from '../e2e/support/browser';
import { E2E_PATIENT, writeE2eStudy } from '../e2e/support/e2eStudy';
import { drawBox, imageIdOf, openFolderViaPicker, seriesInstances, waitForImage, waitForJob } from '../e2e/support/reviewPage';
import { startServe } from '../e2e/support/serveProcess';
import { timeKeyToStatus, timeSelectToPixels } from './reviewTiming';

/** Figures of the review benchmark, in ms. */
interface ReviewBenchResult {
  selectNotCached: number[];
  selectPrefetched: number;
  keyToStatus: number[];
}

const TEXT = 'Scout with annotations';
const PLAIN = 'Axial';

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor(s.length / 2)];
}

/** Runs the review in Chromium and times it; undefined when Chromium is not installed. */
export async function reviewBench(): Promise<ReviewBenchResult | undefined> {
  if (!existsSync('/usr/bin/chromium')) return undefined;
  const tmp = mkdtempSync(join(tmpdir(), 'deid-bench-review-'));
  const root = join(tmp, 'root');
  writeE2eStudy(root);
  const server = await startServe(['--root', root, '--db', join(tmp, 'db.sqlite')]);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(server.url);
    await page.getByRole('button', { name: /^Reviewer/ }).click();
    await page.getByTestId('reviewer-name').fill('Bench Reviewer');
    await page.getByRole('button', { name: 'Save' }).click();
    await openFolderViaPicker(page, 'study');
    await waitForJob(server, 'scan', 120_000);
    // The OCR job the scan starts would compete with the timed work: let it finish first.
    for (;;) {
      const { jobs } = await callChannel<{ jobs: { state: string }[] }>(server.origin, server.token, 'jobsList', {});
      if (jobs.every((j) => j.state !== 'running')) break;
      await new Promise((r) => setTimeout(r, 500));
    }

    const plain = seriesInstances(page, E2E_PATIENT.mrn, PLAIN);
    await plain.first().waitFor();
    const plainIds = await Promise.all([0, 1, 2, 3, 4].map((i) => imageIdOf(plain.nth(i))));
    // Rows the viewer has not prefetched (decoded main-side on demand), then one it prefetched
    // while showing the previous image (the J/K path).
    const selectNotCached: number[] = [];
    for (const i of [0, 4, 2]) selectNotCached.push(await timeSelectToPixels(page, plain.nth(i), plainIds[i]));
    const selectPrefetched = await timeSelectToPixels(page, plain.nth(3), plainIds[3]);

    // A drawn box copied to the series gives a proposed rule box on the next image to decide on.
    const text = seriesInstances(page, E2E_PATIENT.mrn, TEXT);
    const first = await imageIdOf(text.nth(0));
    await text.nth(0).click();
    await waitForImage(page, first);
    await drawBox(page, { x: 200, y: 200, w: 60, h: 20 }, 0);
    await page.locator('[data-testid=box-layer] .box-shape[data-source=manual]').waitFor();
    await page.getByTestId('box-item').first().locator('.box-item-main').click();
    await page.getByTestId('propagate-series').click();
    await page.keyboard.press('j');
    await waitForImage(page, await imageIdOf(text.nth(1)));
    const rule = page.locator('[data-testid=box-layer] .box-shape[data-source=rule]');
    await rule.waitFor();
    const ruleId = Number(await rule.getAttribute('data-box-id'));
    await page.locator(`[data-testid=box-item][data-rect-id="${ruleId}"] .box-item-main`).click();
    const keyToStatus: number[] = [];
    for (const [key, status] of [['a', 'approved'], ['Control+z', 'proposed'], ['r', 'rejected'], ['Control+z', 'proposed'], ['a', 'approved']] as const) {
      const ms = await timeKeyToStatus(page, key, ruleId, status);
      if (!key.startsWith('Control')) keyToStatus.push(ms);
    }
    return { selectNotCached, selectPrefetched, keyToStatus };
  } finally {
    await browser.close();
    await server.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Formats the figures for the closing note. */
export function formatReviewBench(r: ReviewBenchResult | undefined): string {
  if (!r) return 'review screen latency: (Chromium not installed)';
  const list = (xs: readonly number[]): string => xs.map((x) => x.toFixed(1)).join(', ');
  return [
    'review screen latency (Chromium, serve, 512x512 CT)',
    `  select -> pixels, not cached: ${list(r.selectNotCached)} ms (median ${median(r.selectNotCached).toFixed(1)}; goal < 300)`,
    `  select -> pixels, prefetched: ${r.selectPrefetched.toFixed(1)} ms`,
    `  decision key -> box status on screen: ${list(r.keyToStatus)} ms (median ${median(r.keyToStatus).toFixed(1)}; goal < 50)`,
  ].join('\n');
}
