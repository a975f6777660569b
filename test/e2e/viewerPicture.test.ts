/**
 * One picture of a frame, in a real browser: cornerstone-core draws the viewer's images (built by
 * the renderer's own code from the main process's frames) onto a real canvas in Chromium at zoom 1,
 * and the canvas pixels equal the exported PNG's, grey level for grey level; a dragged window
 * equals the shared function at that window, also when it leaves the whole frame dark.
 */
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Image, VoiLut } from 'cornerstone-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPngs } from '../../src/main/pipeline/export/pngExport';
import { renderFrame } from '../../src/main/pixels/viewerFrame';
import { voiLutFor } from '../../src/renderer/viewer/voiLut';
import { greyTo8 } from '../../src/shared/pixels/voi';
import { readPng, viewerImage, writeFramePictures, type PictureFixture } from '../support/framePictures';
import { browserMissing, launchChromium } from './support/browser';
import { closeE2e } from './support/teardown';

const skip = browserMissing();

/** An image as it crosses into the page: plain data, its pixels and table as number arrays. */
interface PageImage {
  fields: Omit<Image, 'getPixelData' | 'voiLUT'>;
  pixels: number[];
  kind: 'int16' | 'uint16' | 'uint8';
  voiLUT: (Omit<VoiLut, 'lut'> & { lut: number[] }) | null;
  /** A second window to draw after the first, with its table. */
  drag: { voi: { windowCenter: number; windowWidth: number }; voiLUT: Omit<VoiLut, 'lut'> & { lut: number[] } } | null;
}

/** What the page function touches (the Node tsconfig has no DOM library). */
interface PageCanvas {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
}
interface PageDiv {
  style: Record<string, string>;
  querySelector(selector: 'canvas'): PageCanvas | null;
  addEventListener(type: string, listener: () => void, options: { once: boolean }): void;
}
interface CornerstonePage {
  document: { createElement(tag: 'div'): PageDiv; body: { appendChild(child: PageDiv): void } };
  cornerstone: {
    enable(element: PageDiv): void;
    getDefaultViewportForImage(element: PageDiv, image: unknown): { scale: number; translation: { x: number; y: number } };
    displayImage(element: PageDiv, image: unknown, viewport: unknown): void;
    setViewport(element: PageDiv, viewport: unknown): void;
  };
}

function toPage(image: Image, drag: PageImage['drag'] = null): PageImage {
  const { getPixelData, voiLUT, ...fields } = image;
  const data = getPixelData();
  const kind = data instanceof Int16Array ? 'int16' : data instanceof Uint16Array ? 'uint16' : 'uint8';
  const table = voiLUT === undefined ? null : { ...voiLUT, lut: Array.from(voiLUT.lut) };
  return { fields: { ...fields, cachedLut: undefined } as PageImage['fields'], pixels: Array.from(data), kind, voiLUT: table, drag };
}

/** Draws `img` at zoom 1 in the page, then its dragged window; resolves to the canvas RGBA of each. */
function draw(page: Page, img: PageImage): Promise<{ size: [number, number]; first: number[]; second: number[] | null }> {
  return page.evaluate(async (arg) => {
    const g = globalThis as unknown as CornerstonePage;
    const cs = g.cornerstone;
    const el = g.document.createElement('div');
    el.style.width = `${arg.fields.width}px`;
    el.style.height = `${arg.fields.height}px`;
    g.document.body.appendChild(el);
    cs.enable(el);
    const data = arg.kind === 'int16' ? Int16Array.from(arg.pixels) : arg.kind === 'uint16' ? Uint16Array.from(arg.pixels) : Uint8Array.from(arg.pixels);
    const table = (t: NonNullable<PageImage['voiLUT']>) => ({ ...t, lut: Uint8Array.from(t.lut) });
    const image = { ...arg.fields, getPixelData: () => data, voiLUT: arg.voiLUT === null ? undefined : table(arg.voiLUT) };
    const rendered = (): Promise<void> => new Promise((resolve) => el.addEventListener('cornerstoneimagerendered', () => resolve(), { once: true }));
    const read = (): number[] => {
      const canvas = el.querySelector('canvas') as PageCanvas;
      return Array.from(canvas.getContext('2d').getImageData(0, 0, arg.fields.width, arg.fields.height).data);
    };
    const viewport = cs.getDefaultViewportForImage(el, image);
    viewport.scale = 1;
    viewport.translation = { x: 0, y: 0 };
    let done = rendered();
    cs.displayImage(el, image, viewport);
    await done;
    const first = read();
    let second: number[] | null = null;
    if (arg.drag !== null) {
      done = rendered();
      cs.setViewport(el, { voi: arg.drag.voi, voiLUT: table(arg.drag.voiLUT) });
      await done;
      second = read();
    }
    const canvas = el.querySelector('canvas') as PageCanvas;
    return { size: [canvas.width, canvas.height] as [number, number], first, second };
  }, img);
}

/** The channels of RGBA canvas pixels: the grey (red) channel, or RGB. */
function channels(rgba: number[], n: 1 | 3): number[] {
  return rgba.filter((_, i) => (n === 1 ? i % 4 === 0 : i % 4 !== 3));
}

describe.skipIf(skip)('the viewer canvas in Chromium and the exported PNG', () => {
  let work = '';
  let fixtures: PictureFixture[] = [];
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'deid-viewer-picture-'));
    fixtures = writeFramePictures(join(work, 'in'));
    await exportPngs(join(work, 'in'), join(work, 'png'));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 800, height: 600 }, deviceScaleFactor: 1 });
    await page.setContent('<!doctype html><body style="margin:0"></body>');
    await page.addScriptTag({ path: createRequire(import.meta.url).resolve('cornerstone-core/dist/cornerstone.js') });
  }, 60_000);

  afterAll(async () => closeE2e({ browser, tmp: work }));

  it('paints every fixture frame as its PNG', async () => {
    for (const f of fixtures) {
      const png = readPng(join(work, 'png', `${f.name}.png`));
      const drawn = await draw(page, toPage(await viewerImage(f.path)));
      expect(drawn.size, f.name).toEqual([png.width, png.height]);
      expect(channels(drawn.first, png.channels), f.name).toEqual([...png.data]);
    }
  });

  it('paints a dragged window through the shared function, a frame left all dark included', async () => {
    const f = fixtures.find((x) => x.name === 'ct-signed') as PictureFixture;
    const frame = await renderFrame(f.path, 0, 'gray16');
    for (const voi of [{ windowCenter: 300, windowWidth: 1500 }, { windowCenter: 2500, windowWidth: 4000 }]) {
      const image = await viewerImage(f.path);
      const table = voiLutFor(image, voi) as VoiLut;
      const drawn = await draw(page, toPage(image, { voi, voiLUT: { ...table, lut: Array.from(table.lut) } }));
      const display = { rescale: frame.rescale, window: { center: voi.windowCenter, width: voi.windowWidth }, invert: false };
      expect(channels(drawn.second ?? [], 1), JSON.stringify(voi)).toEqual([...greyTo8(new Int16Array(frame.pixels), display)]);
    }
  });
});
