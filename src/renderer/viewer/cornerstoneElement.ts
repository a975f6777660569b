/**
 * The few imperative calls the viewer makes on its cornerstone-core element, gathered so the rest
 * of the viewer deals in plain numbers (and a library swap touches this folder only).
 */
import * as cornerstone from 'cornerstone-core';
import type { Image } from 'cornerstone-core';
import { transformFromPoints } from './boxGeometry';
import type { AxisTransform, Point } from './boxGeometry';
import type { WindowLevel } from './viewportGestures';
import { voiLutFor } from './voiLut';

/** Zoom, pan and window of an element, in the library's units. */
export interface ViewState {
  scale: number;
  translation: Point;
  voi: WindowLevel;
}

/** Makes `element` a cornerstone-core element (canvas renderer: no WebGL needed). */
export function enableElement(element: HTMLElement): void {
  cornerstone.enable(element);
}

/** Releases the element's canvas and listeners. */
export function disableElement(element: HTMLElement): void {
  cornerstone.disable(element);
}

/** The event name fired after every draw of the element. */
export const RENDERED_EVENT = cornerstone.EVENTS.IMAGE_RENDERED;

/** Loads (from cache when present) the image behind a cornerstone image id. */
export function loadImage(imageId: string): Promise<Image> {
  return cornerstone.loadAndCacheImage(imageId);
}

/**
 * Shows an image; with `keep` the previous zoom, pan and window carry over (frames of one image),
 * otherwise the image is fitted to the element with its own default window. Grey images are drawn
 * through the VOI table of their window (see `voiLut.ts`).
 */
export function showImage(element: HTMLElement, image: Image, keep: ViewState | null): void {
  const viewport = cornerstone.getDefaultViewportForImage(element, image);
  if (keep !== null) {
    viewport.scale = keep.scale;
    viewport.translation = { ...keep.translation };
    const voiLUT = voiLutFor(image, keep.voi);
    if (voiLUT !== undefined) {
      viewport.voi = { windowWidth: keep.voi.windowWidth, windowCenter: keep.voi.windowCenter };
      viewport.voiLUT = voiLUT;
    }
  }
  cornerstone.displayImage(element, image, viewport);
}

/**
 * Shows the element's image inverted (`inverted`) or as its photometric interpretation says
 * (MONOCHROME1 is already shown low-bright; inverting flips that too).
 */
export function setInverted(element: HTMLElement, inverted: boolean): void {
  const image = cornerstone.getImage(element);
  if (image === undefined) return;
  cornerstone.setViewport(element, { invert: image.invert !== inverted });
}

/** The element's current zoom, pan and window, or null before the first image. */
export function readView(element: HTMLElement): ViewState | null {
  const vp = cornerstone.getViewport(element);
  if (vp === undefined) return null;
  return {
    scale: vp.scale,
    translation: { ...vp.translation },
    voi: { windowCenter: vp.voi.windowCenter, windowWidth: vp.voi.windowWidth },
  };
}

/**
 * Applies part of a view (the library redraws on its next animation frame). A new window of a grey
 * image comes with its VOI table; colour images keep theirs (DICOM has no VOI for colour).
 */
export function writeView(element: HTMLElement, view: Partial<ViewState>): void {
  const { voi, ...rest } = view;
  const image = voi === undefined ? undefined : cornerstone.getImage(element);
  const voiLUT = voi === undefined || image === undefined ? undefined : voiLutFor(image, voi);
  cornerstone.setViewport(element, voi === undefined || voiLUT === undefined ? rest : { ...rest, voi: { ...voi }, voiLUT });
}

/** Image → canvas mapping for the element's current view. */
export function currentTransform(element: HTMLElement): AxisTransform {
  return transformFromPoints(
    cornerstone.pixelToCanvas(element, { x: 0, y: 0 }),
    cornerstone.pixelToCanvas(element, { x: 1, y: 0 }),
    cornerstone.pixelToCanvas(element, { x: 0, y: 1 }),
  );
}

/** Fits the whole image into the element (scale and centre). */
export function fitImage(element: HTMLElement): void {
  cornerstone.fitToWindow(element);
}

/** Tells the library the element changed size, keeping the current zoom. */
export function resizeElement(element: HTMLElement): void {
  cornerstone.resize(element, false);
}
