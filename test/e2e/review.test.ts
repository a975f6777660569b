/**
 * The whole review job in a real browser against `deid-studio serve`: open a generated study,
 * scan it, draw the box the header did not warn about, propagate it, approve and reject by
 * keyboard, read the burned-in text, de-identify, and check the outputs (every approved box burned),
 * the mapping CSV and the audit export on disk. A `serve` that cannot read or burn pixels fails
 * here. (The review screen's latency is measured by `npm run bench`, not here.)
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, unguardCsvField } from '../../src/shared/csv';
import { callChannel } from './support/apiClient';
import { browserMissing, launchChromium } from './support/browser';
import { CINE, E2E_PATIENT, INK, TEXT_SERIES, writeE2eStudy } from './support/e2eStudy';
import type { E2eStudy } from './support/e2eStudy';
import { REPO_ROOT, ensureBuilt } from './support/ensureBuilt';
import { filesUnder, readOutput } from './support/outputFiles';
import type { OutputImage } from './support/outputFiles';
import type { PageGlobals } from './support/pageGlobals';
import { drawBox, imageIdOf, nameReviewer, openFolderViaPicker, pagePointOf, seriesInstances, waitForImage, waitForJob } from './support/reviewPage';
import { startServe } from './support/serveProcess';
import { closeE2e } from './support/teardown';
import type { ServeProcess } from './support/serveProcess';

const skip = browserMissing();

const REVIEWER = 'E2E Reviewer';
const SHOTS = join(REPO_ROOT, 'test-results');
const TEXT = 'Scout with annotations';
const PLAIN = 'Axial';

interface Rect {
  rectId: number;
  x: number;
  y: number;
  w: number;
  h: number;
  source: string;
  status: string;
  frame: number | null;
  text: string | null;
  decidedBy: string | null;
}

describe.skipIf(skip)('review in the browser (serve + Chromium)', () => {
  let tmp = '';
  let study: E2eStudy;
  let server: ServeProcess;
  let browser: Browser;
  let page: Page;
  let subjectId = '';
  let ocrRan = false;
  let outputDir = '';
  let problems = '';
  let textOutputs: OutputImage[] = [];
  const pageErrors: string[] = [];
  const imageIds: { text: string[]; plain: string[] } = { text: [], plain: [] };

  const rectsOf = async (imageId: string): Promise<Rect[]> =>
    (await callChannel<{ rects: Rect[] }>(server.origin, server.token, 'rectsList', { imageId })).rects;
  /** Presses `key` and waits for box `rectId` to show `status` in the viewer. */
  const decide = async (key: string, rectId: number, status: string): Promise<void> => {
    await page.keyboard.press(key);
    await expect.poll(() => page.locator(`[data-testid=box-layer] .box-shape[data-box-id="${rectId}"]`).getAttribute('data-status')).toBe(status);
  };

  beforeAll(async () => {
    await ensureBuilt();
    tmp = mkdtempSync(join(tmpdir(), 'deid-e2e-'));
    const root = join(tmp, 'root');
    study = writeE2eStudy(root);
    server = await startServe(['--root', root, '--db', join(tmp, 'db.sqlite')]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    mkdirSync(SHOTS, { recursive: true });
  }, 180_000);

  afterAll(async () => closeE2e({ browser, server, tmp }));

  it('serves a build that reads and burns pixels (appInfo says OCR is available)', async () => {
    const info = await callChannel<{ ocrAvailable: boolean }>(server.origin, server.token, 'appInfo', {});
    expect(info.ocrAvailable, 'serve runs without OCR: it could neither read nor burn burned-in text').toBe(true);
  });

  it('opens the study through the browse picker, scans it and lists MRN → subject id', async () => {
    await page.goto(server.url);
    // First use: the app asks for the reviewer's name (no OS-user default).
    await nameReviewer(page, REVIEWER);
    await expect.poll(() => page.getByRole('button', { name: /^Reviewer/ }).textContent()).toContain(REVIEWER);

    await openFolderViaPicker(page, 'study');
    const scan = await waitForJob(server, 'scan', 90_000);
    expect(scan.state, scan.error?.message).toBe('done');

    const patient = page.locator('li.tree-patient', { hasText: `MRN ${E2E_PATIENT.mrn}` });
    await expect.poll(() => patient.locator('.tree-patient-row').textContent(), { timeout: 15_000 }).toMatch(/SUBJ-\d{5}/);
    subjectId = /SUBJ-\d{5}/.exec((await patient.locator('.tree-patient-row').textContent()) ?? '')?.[0] ?? '';
    await expect.poll(() => patient.locator('.tree-study-row').first().textContent()).toContain('2021-03-04');
    await expect.poll(() => seriesInstances(page, E2E_PATIENT.mrn, TEXT).count()).toBe(study.textImages);
    await expect.poll(() => seriesInstances(page, E2E_PATIENT.mrn, PLAIN).count()).toBe(study.plainImages);
    for (let i = 0; i < study.textImages; i++) imageIds.text.push(await imageIdOf(seriesInstances(page, E2E_PATIENT.mrn, TEXT).nth(i)));
    for (let i = 0; i < study.plainImages; i++) imageIds.plain.push(await imageIdOf(seriesInstances(page, E2E_PATIENT.mrn, PLAIN).nth(i)));
  }, 120_000);

  it('draws the missing box over the burned-in name; it is stored approved, in image pixels', async () => {
    const first = imageIds.text[0];
    // The scan chains into an OCR job whose results replace the image's boxes as they arrive; let it
    // finish so the drawing below is not racing it (CI machines are slow and shared).
    const running = async (): Promise<number> =>
      (await callChannel<{ jobs: { state: string }[] }>(server.origin, server.token, 'jobsList', {})).jobs.filter((j) => j.state === 'running').length;
    await expect.poll(running, { timeout: 180_000, interval: 500 }).toBe(0);
    // A finished job's strip leaves the header after a few seconds, and the viewer below it grows:
    // draw once the strips are gone, or the drag spans the resize.
    await expect.poll(() => page.locator('.job').count(), { timeout: 60_000 }).toBe(0);
    await seriesInstances(page, E2E_PATIENT.mrn, TEXT).nth(0).click();
    await waitForImage(page, first);
    await expect.poll(() => page.getByTestId('stage-title').textContent()).toContain(subjectId);

    await drawBox(page, study.burned.name, 3);
    await expect.poll(() => page.locator('[data-testid=box-layer] .box-shape[data-source=manual]').count()).toBe(1);
    // Every image is read after the scan, so OCR proposals may be listed beside the drawn box.
    await expect.poll(() => page.locator('[data-testid=box-item][data-source=manual]').getAttribute('data-status')).toBe('approved');

    // OCR boxes may already be there when serve runs OCR after the scan; this test is about the drawn one.
    const rects = (await rectsOf(first)).filter((b) => b.source !== 'ocr');
    expect(rects).toHaveLength(1);
    const [r] = rects;
    const n = study.burned.name;
    expect([r.source, r.status, r.decidedBy]).toEqual(['manual', 'approved', REVIEWER]);
    // The box covers the name, whatever the zoom was, and is no bigger than the drag (3 px pad plus rounding).
    expect(r.x).toBeLessThanOrEqual(n.x);
    expect(r.y).toBeLessThanOrEqual(n.y);
    expect(r.x + r.w).toBeGreaterThanOrEqual(n.x + n.w);
    expect(r.y + r.h).toBeGreaterThanOrEqual(n.y + n.h);
    expect(r.w).toBeLessThanOrEqual(n.w + 8);
    expect(r.h).toBeLessThanOrEqual(n.h + 8);
  }, 240_000);

  it('copies the box to the series as rule boxes, approves one and rejects another by keyboard', async () => {
    await page.locator('[data-testid=box-item][data-source=manual] .box-item-main').click();
    await page.getByTestId('propagate-series').click();
    await expect.poll(() => page.getByTestId('notice').allTextContents()).toContainEqual(expect.stringMatching(/Added 2 rule boxes on 2 images/));

    await page.keyboard.press('j');
    await waitForImage(page, imageIds.text[1]);
    const ruleOn2 = page.locator('[data-testid=box-layer] .box-shape[data-source=rule]');
    await expect.poll(() => ruleOn2.getAttribute('data-status')).toBe('proposed');
    const rule2 = Number(await ruleOn2.getAttribute('data-box-id'));
    await page.locator(`[data-testid=box-item][data-rect-id="${rule2}"] .box-item-main`).click();
    await decide('a', rule2, 'approved');

    await page.keyboard.press('j');
    await waitForImage(page, imageIds.text[2]);
    const ruleOn3 = page.locator('[data-testid=box-layer] .box-shape[data-source=rule]');
    await expect.poll(() => ruleOn3.getAttribute('data-status')).toBe('proposed');
    const rule3 = Number(await ruleOn3.getAttribute('data-box-id'));
    await page.locator(`[data-testid=box-item][data-rect-id="${rule3}"] .box-item-main`).click();
    await decide('r', rule3, 'rejected');
    // Undo goes back to proposed; deciding again ends rejected.
    // The image holds OCR proposals too: undo may move the selection, so select the rule box again.
    const pick3 = (): Promise<void> => page.locator(`[data-testid=box-item][data-rect-id="${rule3}"] .box-item-main`).click();
    await decide('Control+z', rule3, 'proposed');
    await pick3();
    await decide('a', rule3, 'approved');
    await decide('Control+z', rule3, 'proposed');
    await pick3();
    await decide('r', rule3, 'rejected');

    const ruleStates = async (imageId: string): Promise<(string | null)[][]> =>
      (await rectsOf(imageId)).filter((r) => r.source === 'rule').map((r) => [r.source, r.status, r.decidedBy]);
    await expect.poll(() => ruleStates(imageIds.text[2])).toEqual([['rule', 'rejected', REVIEWER]]);
    expect(await ruleStates(imageIds.text[1])).toEqual([['rule', 'approved', REVIEWER]]);

    await expect.poll(() => page.locator(`[data-testid=box-item][data-rect-id="${rule3}"]`).textContent()).toContain('Rejected (kept)');
    await page.screenshot({ path: join(SHOTS, 'e2e-review.png') });
    await expect.poll(() => page.locator('[data-testid=box-layer] .box-shape[data-source=rule][data-status=rejected]').count()).toBe(1);
    expect(await page.getByTestId('stage-title').textContent()).toContain('CT_date 2021-03-04');
  }, 60_000);

  it('keeps boxes on their pixels while zooming and panning; moves, resizes and undoes a manual box', async () => {
    const first = imageIds.text[0];
    await seriesInstances(page, E2E_PATIENT.mrn, TEXT).nth(0).click();
    await waitForImage(page, first);
    const manualBoxes = async (): Promise<number[][]> => (await rectsOf(first)).filter((r) => r.source === 'manual').map((r) => [r.x, r.y, r.w, r.h]);
    const [manual] = (await rectsOf(first)).filter((r) => r.source === 'manual');
    const shape = page.locator(`[data-testid=box-layer] .box-shape[data-box-id="${manual.rectId}"]`);
    // How far (canvas px) the drawn rectangle is from the stored box mapped by the viewer's transform.
    const drift = async (): Promise<number> => {
      const t = ((await page.getByTestId('box-layer').getAttribute('data-transform')) ?? '').split(' ').map(Number);
      const drawn = await Promise.all(['x', 'y', 'width', 'height'].map(async (a) => Number(await shape.getAttribute(a))));
      const want = [t[0] * manual.x + t[2], t[1] * manual.y + t[3], t[0] * manual.w, t[1] * manual.h];
      return Math.max(...drawn.map((v, i) => Math.abs(v - want[i])));
    };
    const scale = async (): Promise<number> => Number(((await page.getByTestId('box-layer').getAttribute('data-transform')) ?? '0').split(' ')[0]);
    expect(await drift()).toBeLessThan(0.5);

    const centre = { x: manual.x + manual.w / 2, y: manual.y + manual.h / 2 };
    const anchor = await pagePointOf(page, centre.x, centre.y);
    const before = await scale();
    await page.mouse.move(anchor.x, anchor.y);
    // Ctrl+wheel zooms (a plain wheel steps to the next slice of the series).
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -400);
    await page.keyboard.up('Control');
    await expect.poll(scale).toBeGreaterThan(before * 1.5);
    expect(await drift()).toBeLessThan(0.5);
    // Zoom keeps the pixel under the pointer where it was.
    const after = await pagePointOf(page, centre.x, centre.y);
    expect(Math.hypot(after.x - anchor.x, after.y - anchor.y)).toBeLessThan(2);

    await page.mouse.down({ button: 'right' });
    await page.mouse.move(anchor.x - 60, anchor.y + 40, { steps: 5 });
    await page.mouse.up({ button: 'right' });
    await expect.poll(async () => (await pagePointOf(page, centre.x, centre.y)).x).toBeLessThan(anchor.x - 50);
    expect(await drift()).toBeLessThan(0.5);

    const status = async (): Promise<string> => (await page.getByTestId('viewer-status').textContent()) ?? '';
    const windowBefore = /W (\d+)/.exec(await status())?.[1];
    const stage = await page.getByTestId('viewer-canvas').boundingBox();
    if (stage === null) throw new Error('no viewer');
    const here = { x: stage.x + stage.width / 2, y: stage.y + stage.height / 2 };
    await page.keyboard.down('Control');
    await page.mouse.move(here.x, here.y);
    await page.mouse.down();
    await page.mouse.move(here.x + 60, here.y, { steps: 5 });
    await page.mouse.up();
    await page.keyboard.up('Control');
    await expect.poll(async () => /W (\d+)/.exec(await status())?.[1]).not.toBe(windowBefore);

    // Move the box 20 image pixels right by dragging its body, then grow it by its corner handle.
    const from = await pagePointOf(page, centre.x, centre.y);
    const to = await pagePointOf(page, centre.x + 20, centre.y);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 6 });
    await page.mouse.up();
    await expect.poll(async () => (await manualBoxes())[0][0]).toBe(manual.x + 20);
    // The drawing follows the stored box: grab the corner only once the moved box is drawn, saved
    // and selected with its handles where the stored box puts them (a busy machine lags here).
    const handle = page.locator(`[data-testid=box-layer] .box-handle-se[data-box-id="${manual.rectId}"]`);
    await expect.poll(() => shape.getAttribute('data-save')).toBe('saved');
    await expect.poll(() => handle.count()).toBe(1);
    const corner = await pagePointOf(page, manual.x + 20 + manual.w, manual.y + manual.h);
    await expect
      .poll(async () => {
        const b = await handle.boundingBox();
        return b === null ? Infinity : Math.hypot(b.x + b.width / 2 - corner.x, b.y + b.height / 2 - corner.y);
      })
      .toBeLessThan(1.5);
    const grown = await pagePointOf(page, manual.x + 20 + manual.w + 10, manual.y + manual.h + 6);
    await page.mouse.move(corner.x, corner.y);
    await page.mouse.down();
    await page.mouse.move(grown.x, grown.y, { steps: 6 });
    await page.mouse.up();
    await expect.poll(manualBoxes).toEqual([[manual.x + 20, manual.y, manual.w + 10, manual.h + 6]]);

    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    await expect.poll(manualBoxes).toEqual([[manual.x, manual.y, manual.w, manual.h]]);
    await page.keyboard.press('f');
    await expect.poll(scale).toBeCloseTo(before, 3);
  }, 60_000);

  it('shows the colour cine frame by frame; a box drawn on one frame stays on it until copied to every frame', async () => {
    const row = page.locator('li.tree-patient', { hasText: `MRN ${E2E_PATIENT.mrn}` }).locator('li.tree-series', { hasText: 'US' }).getByTestId('tree-instance').first();
    const cine = await imageIdOf(row);
    await row.click();
    await waitForImage(page, cine);
    const label = page.locator('.viewer-frames label');
    await expect.poll(() => label.textContent()).toContain(`Frame 1 / ${CINE.frames}`);
    expect(await page.getByTestId('frame-slider').getAttribute('max')).toBe(String(CINE.frames - 1));

    const canvas = await page.getByTestId('viewer-canvas').boundingBox();
    if (canvas === null) throw new Error('no viewer');
    await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
    await page.mouse.wheel(0, 100);
    await expect.poll(() => label.textContent()).toContain(`Frame 2 / ${CINE.frames}`);
    const nameFrame = CINE.nameFrames[0];
    for (let f = 1; f < nameFrame; f++) await page.keyboard.press('.');
    await page.waitForFunction((key) => (globalThis as unknown as PageGlobals).document.querySelector('[data-testid=viewer-canvas]')?.dataset.renderedKey === key, `${cine}|${nameFrame}`);

    await drawBox(page, study.cineName, 1);
    const drawnOrCopied = async (): Promise<(string | number | null)[][]> => (await rectsOf(cine)).filter((r) => r.source !== 'ocr').map((r) => [r.source, r.frame]);
    await expect.poll(drawnOrCopied).toEqual([['manual', nameFrame]]);
    const shapes = page.locator('[data-testid=box-layer] .box-shape:not([data-source=ocr])');
    await page.keyboard.press(',');
    await expect.poll(() => label.textContent()).toContain(`Frame ${nameFrame} / `);
    await expect.poll(() => shapes.count()).toBe(0);
    await page.keyboard.press('.');
    await expect.poll(() => shapes.count()).toBe(1);

    await page.locator('[data-testid=box-item][data-status=approved] .box-item-main').first().click();
    await page.getByTestId('propagate-allFrames').click();
    await expect.poll(drawnOrCopied).toContainEqual(['rule', null]);
    for (let f = 0; f < nameFrame; f++) await page.keyboard.press(',');
    await expect.poll(() => label.textContent()).toContain(`Frame 1 / ${CINE.frames}`);
    await expect.poll(() => page.locator('[data-testid=box-layer] .box-shape[data-source=rule]').count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'e2e-cine.png') });
  }, 60_000);

  it('drives the review from the keyboard: help, next box, approve all, mark done, next unreviewed', async () => {
    const cine = await imageIdOf(page.locator('li.tree-patient', { hasText: `MRN ${E2E_PATIENT.mrn}` }).locator('li.tree-series', { hasText: 'US' }).getByTestId('tree-instance').first());
    await page.keyboard.press('?');
    const help = page.getByTestId('help-overlay');
    await expect.poll(() => help.textContent()).toContain('Approve every proposed box of the image');
    await page.keyboard.press('Escape');
    await expect.poll(() => help.count()).toBe(0);

    await page.keyboard.press('n');
    await expect.poll(() => page.locator('[data-testid=box-layer] .box-selected').count()).toBe(1);
    await page.keyboard.press('Shift+A');
    await expect.poll(async () => (await rectsOf(cine)).filter((r) => r.source !== 'ocr').map((r) => [r.source, r.status]).sort()).toEqual([
      ['manual', 'approved'],
      ['rule', 'approved'],
    ]);

    await page.keyboard.press('d');
    const cineRow = page.locator(`[data-image-id="${cine}"]`);
    await expect.poll(() => cineRow.locator('.chip-done').count()).toBe(1);
    const selected = page.locator('[data-testid=tree-instance][aria-current=true]');
    await expect.poll(() => selected.getAttribute('data-image-id')).not.toBe(cine);
    expect(await selected.locator('.chip-done').count()).toBe(0);
    const info = await callChannel<{ done: boolean }>(server.origin, server.token, 'imagesInfo', { imageId: cine });
    expect(info.done).toBe(true);

    const from = await selected.getAttribute('data-image-id');
    await page.keyboard.press('u');
    await expect.poll(() => selected.getAttribute('data-image-id')).not.toBe(from);
    expect(await selected.locator('.chip-done').count()).toBe(0);
  }, 60_000);

  it('reads burned-in text and lets the reviewer approve and reject its proposals', async () => {
    await page.getByTestId('start-ocr').click();
    await expect.poll(() => page.getByTestId('notice').allTextContents()).toContainEqual(expect.stringMatching(/UNAVAILABLE|Reading burned-in text/));
    expect((await page.getByTestId('notice').allTextContents()).join(' ')).not.toContain('UNAVAILABLE');
    const ocr = await waitForJob(server, 'ocr', 300_000);
    expect(ocr.state, ocr.error?.message).toBe('done');
    ocrRan = true;

    await seriesInstances(page, E2E_PATIENT.mrn, TEXT).nth(0).click();
    await waitForImage(page, imageIds.text[0]);
    const proposals = page.locator('[data-testid=box-layer] .box-shape[data-source=ocr][data-status=proposed]');
    await expect.poll(() => proposals.count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    const texts = (await rectsOf(imageIds.text[0])).filter((r) => r.source === 'ocr' && r.status === 'proposed').map((r) => r.text ?? '');
    expect(texts.join(' ')).toMatch(/DOE|JANE|E2E0001|2021/);

    // Decisions by key on the box selected in the list (a shape may sit under the reviewer's own box).
    const approveId = Number(await proposals.nth(0).getAttribute('data-box-id'));
    await page.locator(`[data-testid=box-item][data-rect-id="${approveId}"] .box-item-main`).click();
    await decide('a', approveId, 'approved');
    const rejectId = Number(await proposals.nth(0).getAttribute('data-box-id'));
    await page.locator(`[data-testid=box-item][data-rect-id="${rejectId}"] .box-item-main`).click();
    await page.keyboard.press('r');
    await expect.poll(async () => (await rectsOf(imageIds.text[0])).find((r) => r.rectId === rejectId)?.status).toBe('rejected');
    expect((await rectsOf(imageIds.text[0])).find((r) => r.rectId === approveId)?.status).toBe('approved');
    await page.screenshot({ path: join(SHOTS, 'e2e-review-ocr.png') });
  }, 360_000);

  it('de-identifies into a new folder chosen in the picker and shows the summary', async () => {
    const info = await callChannel<{ openFolder: { folderId: string } | null }>(server.origin, server.token, 'appInfo', {});
    const folderId = info.openFolder?.folderId ?? '';
    const plan = await callChannel<{ unreviewedProposals: number }>(server.origin, server.token, 'deidentifyPrepare', { folderId });
    await page.getByTestId('open-deid').click();
    await expect.poll(() => page.getByTestId('deid-unreviewed').textContent()).toContain(`${plan.unreviewedProposals} proposed`);

    await page.getByTestId('deid-choose-output').click();
    const picker = page.getByTestId('folder-picker');
    await picker.locator('.picker-entry.picker-folder').first().click();
    await picker.getByLabel('New folder name').fill('out');
    await picker.getByRole('button', { name: 'Create folder' }).click();
    await expect.poll(() => picker.getByTestId('picker-path').textContent()).toMatch(/out$/);
    await picker.getByRole('button', { name: 'Write here' }).click();
    await expect.poll(() => page.getByTestId('deid-output-name').textContent(), { timeout: 30_000 }).toBe('out');
    await page.getByTestId('deid-start').click();

    const summary = page.getByTestId('deid-summary');
    await summary.waitFor({ timeout: 240_000 });
    expect(await summary.getAttribute('data-state')).toBe('done');
    await page.screenshot({ path: join(SHOTS, 'e2e-deid-summary.png') });
    const written = Number(await page.getByTestId('summary-written').textContent());
    expect(written).toBeGreaterThan(0);
    outputDir = (await page.getByTestId('summary-output').textContent()) ?? '';
    expect(outputDir).toBe(join(tmp, 'root', 'out'));

    const files = filesUnder(outputDir);
    expect(files.length).toBeGreaterThanOrEqual(written);
    const outputs = files.map((f) => ({ f, d: readOutput(f) })).filter((o) => o.d !== null);
    const ours = outputs.filter((o) => o.d?.patientId === subjectId);
    expect(ours.length).toBeGreaterThan(0);
    // The input's identifiers never reach the output headers.
    for (const o of ours) expect(readFileSync(o.f).includes(Buffer.from(E2E_PATIENT.mrn))).toBe(false);
    problems = (await page.getByTestId('summary-problems').locator('tbody tr').allTextContents()).join('\n');
    textOutputs = ours.filter((o) => o.d?.series === TEXT_SERIES).map((o) => o.d).filter((d) => d !== null);
  }, 300_000);

  it('burns every approved box into the written image, or withholds the image (fail closed)', () => {
    const n = study.burned.name;
    // Withholding both would also be fail closed, but a serve that can burn writes them cleaned.
    const cleaned = textOutputs.filter((d) => d.instance <= 2);
    expect(cleaned.length, `no image of series ${TEXT_SERIES} was written with its pixels cleaned; problems:\n${problems}`).toBeGreaterThan(0);
    for (const d of cleaned) expect(d.methodCodes, `image ${d.instance} does not record Clean Pixel Data (113101)`).toContain('113101');
    const unburned: number[] = [];
    for (const instance of [1, 2]) {
      const out = textOutputs.find((d) => d.instance === instance);
      if (out === undefined) {
        // Not written: the summary must list it with its reason.
        expect(problems).toContain(`SE${TEXT_SERIES}/IM${instance}.dcm`);
        continue;
      }
      const values = new Set<number>();
      for (let y = n.y; y < n.y + n.h; y++) for (let x = n.x; x < n.x + n.w; x++) values.add(out.pixel(x, y));
      if (values.has(INK)) unburned.push(instance);
      else expect([...values], `the approved box on image ${instance} is filled with one value`).toHaveLength(1);
    }
    expect(unburned, 'images written with an approved box still showing the name').toEqual([]);
    const third = textOutputs.find((d) => d.instance === 3);
    if (!ocrRan && third !== undefined) {
      // The reviewer rejected the only box on image 3: its pixels were kept as they were.
      let ink = 0;
      for (let y = n.y; y < n.y + n.h; y++) for (let x = n.x; x < n.x + n.w; x++) if (third.pixel(x, y) === INK) ink++;
      expect(ink).toBeGreaterThan(0);
    }
  });

  it('writes the mapping CSV, OCR text, metadata and audit exports to disk', async () => {
    const exported = async (kind: string): Promise<string[][]> => {
      await page.getByTestId(`export-${kind}`).click();
      const result = page.getByTestId(`export-result-${kind}`);
      await result.waitFor({ timeout: 30_000 });
      const path = /→ (.+)$/.exec((await result.textContent()) ?? '')?.[1] ?? '';
      expect(existsSync(path), `${kind} export at ${path}`).toBe(true);
      expect(path.startsWith(outputDir)).toBe(false);
      const text = readFileSync(path, 'utf8');
      // The exports that carry text read from images open with a one-line PHI notice.
      const withText = kind === 'audit' || kind === 'ocrText';
      expect(text.startsWith('# PHI:'), `${kind} export opens with the PHI notice`).toBe(withText);
      const body = withText ? text.slice(text.indexOf('\n') + 1) : text;
      return parseCsv(body).map((row) => row.map(unguardCsvField));
    };

    const mapping = await exported('mapping');
    expect(mapping[0]).toEqual(['subj', 'MRN', 'CT_date']);
    expect(mapping).toContainEqual([subjectId, E2E_PATIENT.mrn, E2E_PATIENT.date]);

    const audit = await exported('audit');
    const col = (name: string): number => audit[0].indexOf(name);
    const ours = audit.slice(1).filter((r) => r[col('reviewer')] === REVIEWER);
    // action:instance of the text series (1 stands for every other image).
    const instanceOf = (file: string): number => Number(new RegExp(`SE${TEXT_SERIES}/IM(\\d+)\\.dcm$`).exec(file)?.[1] ?? 1);
    const actions = ours.map((r) => `${r[col('action')]}:${instanceOf(r[col('file')])}`);
    expect(actions).toContain('create:1');
    expect(actions).toContain('approve:2');
    expect(actions.filter((a) => a === 'reject:3')).toHaveLength(2);

    const ocrText = await exported('ocrText');
    expect(ocrText[0]).toContain('status');
    // The manual box and its two rule copies on the CT series, and the cine's manual box and its every-frame copy.
    expect(ocrText.slice(1).filter((r) => r[ocrText[0].indexOf('source')] !== 'ocr')).toHaveLength(5);

    const metadata = await exported('metadata');
    expect(metadata.length).toBeGreaterThan(study.textImages + study.plainImages);
    await page.screenshot({ path: join(SHOTS, 'e2e-exports.png') });
  }, 120_000);

  it('ran without errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
