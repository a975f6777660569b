/**
 * cornerstone-core's own grey rendering code, run in Node: the default viewport it picks for an
 * image, the lookup table it builds from a viewport (`generateLut`, the call its `getLut` makes)
 * and the loop that writes that table into canvas pixels (`storedPixelDataToCanvasImageData`, which
 * sets only alpha over white, drawn on black). The library touches `window` and
 * `document.createElement` as it loads; a stub of both is enough for these pure functions.
 */
import type { Image, Viewport, VoiLut } from 'cornerstone-core';

interface CornerstoneInternals {
  internal: {
    getDefaultViewport(canvas: { width: number; height: number }, image: Image): Viewport;
    generateLut(image: Image, windowWidth: number, windowCenter: number, invert: boolean, modalityLUT: undefined, voiLUT: VoiLut | undefined): Uint8ClampedArray;
    storedPixelDataToCanvasImageData(image: Image, lut: Uint8ClampedArray, canvas: Uint8ClampedArray): void;
  };
}

let loaded: Promise<CornerstoneInternals> | null = null;

function cornerstone(): Promise<CornerstoneInternals> {
  const g = globalThis as Record<string, unknown>;
  g.window ??= globalThis;
  g.document ??= { createElement: () => ({ getContext: () => null }) };
  loaded ??= import('cornerstone-core').then((m) => ((m as { default?: unknown }).default ?? m) as CornerstoneInternals);
  return loaded;
}

/** The viewport cornerstone gives `image` by default (the one the viewer starts from). */
export async function defaultViewport(image: Image): Promise<Viewport> {
  return (await cornerstone()).internal.getDefaultViewport({ width: image.width, height: image.height }, image);
}

/** The grey levels cornerstone paints for a grey `image` under `viewport`, one per pixel. */
export async function paintedGrey(image: Image, viewport: Pick<Viewport, 'voi' | 'invert' | 'voiLUT'>): Promise<Uint8Array> {
  const { internal } = await cornerstone();
  const lut = internal.generateLut(image, viewport.voi.windowWidth, viewport.voi.windowCenter, viewport.invert, undefined, viewport.voiLUT);
  (image as Image & { stats?: object }).stats = {};
  const canvas = new Uint8ClampedArray(image.width * image.height * 4).fill(255);
  internal.storedPixelDataToCanvasImageData(image, lut, canvas);
  const alpha = new Uint8Array(image.width * image.height);
  for (let i = 0; i < alpha.length; i++) alpha[i] = canvas[i * 4 + 3];
  return alpha;
}
