/**
 * Viewer keys of the As-written view: `<imageId>|<frame>|as-written`, so the viewer's cache never
 * mixes a frame as it is with the same frame as the writer will write it.
 */
import { frameKey, parseFrameKey } from './framePixels';

const SUFFIX = '|as-written';

/** The viewer key of frame `frame` of an image as written. */
export function asWrittenKey(imageId: string, frame: number): string {
  return `${frameKey(imageId, frame)}${SUFFIX}`;
}

/** Splits a viewer key (a frame key, or an As-written key) into image, frame and view. */
export function parseViewerKey(key: string): { imageId: string; frame: number; asWritten: boolean } {
  const asWritten = key.endsWith(SUFFIX);
  return { ...parseFrameKey(asWritten ? key.slice(0, -SUFFIX.length) : key), asWritten };
}
