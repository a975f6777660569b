/**
 * The `deid:` image loader: cornerstone-core asks it for `deid:<key>` and it hands over pixels the
 * main process already decoded (through whichever {@link PixelSource} the viewer was given).
 */
import * as cornerstone from 'cornerstone-core';
import type { ImageLoadObject } from 'cornerstone-core';
import { toCornerstoneImage } from './decodedPixels';
import type { PixelSource } from './decodedPixels';

const SCHEME = 'deid';
let source: PixelSource | null = null;
let registered = false;

/** The cornerstone image id of an opaque image key. */
export function deidImageId(key: string): string {
  return `${SCHEME}:${key}`;
}

function load(imageId: string): ImageLoadObject {
  const controller = new AbortController();
  const current = source;
  const key = imageId.slice(SCHEME.length + 1);
  const promise =
    current === null
      ? Promise.reject(new Error('no pixel source set for the deid: image loader'))
      : current(key, controller.signal).then((px) => toCornerstoneImage(imageId, px));
  return { promise, cancelFn: () => controller.abort() };
}

/**
 * Points the loader at a pixel source, registering it with cornerstone-core on first use. A new
 * source empties the cache: the same key may mean other pixels (another study, or after re-decode).
 */
export function setDeidPixelSource(next: PixelSource): void {
  if (!registered) {
    cornerstone.registerImageLoader(SCHEME, load);
    registered = true;
  }
  if (source !== next) {
    if (source !== null) cornerstone.imageCache.purgeCache();
    source = next;
  }
}
