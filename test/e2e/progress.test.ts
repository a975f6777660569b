/**
 * Progress counts what it says (issue 12, defect 9), in a real browser against `deid-studio
 * serve`: every strip line the page ever showed is recorded by a MutationObserver (nothing is
 * sampled, so a fast job cannot slip between polls). Lines in files never count more files than
 * the folder holds (it once said "1 of 9 files" for 7 files: it counted frames); the OCR job
 * counts frames and says so; no line shows a time left before the job finished anything; and a
 * finished job never keeps a full strip — it collapses into the finished list.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, launchChromium } from './support/browser';
import { deidentifyInto } from './support/deidentifyPage';
import { writeE2eStudy } from './support/e2eStudy';
import { ensureBuilt } from './support/ensureBuilt';
import { nameReviewer, openFolderViaPicker, waitForJob } from './support/reviewPage';
import { startServe } from './support/serveProcess';
import { closeE2e } from './support/teardown';
import type { ServeProcess } from './support/serveProcess';

const skip = browserMissing();

/** What the observer saw of the job strip at one moment. */
interface StripSeen {
  /** `job-<kind>` and the status line of every full strip. */
  lines: { kind: string; state: string; status: string }[];
  /** Entries of the collapsed finished list. */
  finished: number;
}

describe.skipIf(skip)('progress in the job strip (serve + Chromium)', () => {
  let tmp = '';
  let server: ServeProcess;
  let browser: Browser;
  let page: Page;
  let files = 0;

  beforeAll(async () => {
    await ensureBuilt();
    tmp = mkdtempSync(join(tmpdir(), 'deid-e2e-progress-'));
    const root = join(tmp, 'root');
    const study = writeE2eStudy(root);
    files = readdirSync(study.folder, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).length;
    server = await startServe(['--root', root, '--db', join(tmp, 'db.sqlite')]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.addInitScript(() => {
      const seen: StripSeen[] = [];
      (window as unknown as { stripSeen: StripSeen[] }).stripSeen = seen;
      const record = (): void => {
        const lines = Array.from(document.querySelectorAll('.job')).map((el) => ({
          kind: el.getAttribute('data-testid') ?? '',
          state: el.getAttribute('data-state') ?? '',
          status: el.querySelector('.job-status')?.textContent ?? '',
        }));
        const finished = document.querySelectorAll('[data-testid=jobs-finished] li').length;
        const last = seen[seen.length - 1];
        if (last && JSON.stringify(last) === JSON.stringify({ lines, finished })) return;
        seen.push({ lines, finished });
      };
      new MutationObserver(record).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
    });
  }, 180_000);

  afterAll(async () => closeE2e({ browser, server, tmp }));

  it('scans, reads and de-identifies the study while the page records every strip', async () => {
    await page.goto(server.url);
    await nameReviewer(page, 'Progress Reviewer');
    await openFolderViaPicker(page, 'study');
    expect((await waitForJob(server, 'scan', 90_000)).state).toBe('done');
    const ocr = await waitForJob(server, 'ocr', 240_000);
    expect(ocr.state, ocr.error?.message).toBe('done');
    await deidentifyInto(page, 'out');
  }, 600_000);

  it('counts files as files, frames as frames, shows no ETA before a rate, and collapses finished jobs', async () => {
    const seen = await page.evaluate(() => (window as unknown as { stripSeen: StripSeen[] }).stripSeen);
    const lines = seen.flatMap((s) => s.lines);
    const counted = lines.flatMap((l) => {
      const m = /^(\d[\d,\u2009 ]*) of (\d[\d,\u2009 ]*) (files|frames)\b/.exec(l.status);
      return m ? [{ ...l, done: Number(m[1].replace(/\D/g, '')), total: Number(m[2].replace(/\D/g, '')), unit: m[3] }] : [];
    });
    // The OCR job ran for seconds: its strip was seen, in frames.
    const ocrLines = counted.filter((l) => l.kind === 'job-ocr');
    expect(ocrLines.length).toBeGreaterThan(0);
    expect(new Set(ocrLines.map((l) => l.unit))).toEqual(new Set(['frames']));
    // Whatever counts files never counts more than the folder holds.
    const fileLines = counted.filter((l) => l.unit === 'files');
    expect(fileLines.length).toBeGreaterThan(0);
    for (const l of fileLines) expect(l.total, l.status).toBeLessThanOrEqual(files);
    // No time left is promised before this job finished anything it could measure a rate from.
    for (const l of counted.filter((c) => c.done === 0)) expect(l.status).not.toMatch(/left/);
    // A finished job is a line in the finished list, never a full strip.
    expect(lines.filter((l) => l.state === 'done')).toEqual([]);
    expect(Math.max(...seen.map((s) => s.finished))).toBeGreaterThan(0);
  });
});
