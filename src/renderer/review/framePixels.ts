/**
 * Turns an `imagesFrame` answer into the viewer's decoded pixels, and names frames with the opaque
 * keys the viewer caches by (`<imageId>|<frame>`).
 */
import type { ChannelResponse } from '../../shared/ipc/api';
import { IDENTITY_WINDOW_8 } from '../../shared/pixels/voi';
import type { DecodedPixels } from '../viewer/decodedPixels';
import { PixelFormatError } from '../viewer/decodedPixels';

/** One decoded frame as the main process sends it. */
export type FrameAnswer = ChannelResponse<'imagesFrame'>;

/** The viewer key of one frame of an image. */
export function frameKey(imageId: string, frame: number): string {
  return `${imageId}|${frame}`;
}

/** Splits a {@link frameKey} back into image id and frame. */
export function parseFrameKey(key: string): { imageId: string; frame: number } {
  const bar = key.lastIndexOf('|');
  const frame = Number(key.slice(bar + 1));
  if (bar < 1 || !Number.isInteger(frame) || frame < 0) throw new PixelFormatError(`not a frame key: ${key}`);
  return { imageId: key.slice(0, bar), frame };
}

/**
 * Wraps the bytes without copying. `gray8` values are already windowed for display, so they are
 * shown as they are (identity window); `gray16` keeps stored values with rescale and window so the
 * reviewer can window them; `rgba8` is colour.
 */
export function framePixels(f: FrameAnswer): DecodedPixels {
  const bytes = f.pixels.byteLength;
  const pixels = f.width * f.height;
  switch (f.format) {
    case 'gray8':
      if (bytes < pixels) throw new PixelFormatError(`frame has ${bytes} bytes, expected ${pixels}`);
      return { columns: f.width, rows: f.height, layout: 'gray', data: new Uint8Array(f.pixels), windowCenter: IDENTITY_WINDOW_8.center, windowWidth: IDENTITY_WINDOW_8.width, minPixelValue: 0, maxPixelValue: 255 };
    case 'gray16': {
      if (bytes < pixels * 2) throw new PixelFormatError(`frame has ${bytes} bytes, expected ${pixels * 2}`);
      const data = f.signed ? new Int16Array(f.pixels, 0, pixels) : new Uint16Array(f.pixels, 0, pixels);
      return {
        columns: f.width,
        rows: f.height,
        layout: 'gray',
        data,
        slope: f.rescale.slope,
        intercept: f.rescale.intercept,
        windowCenter: f.window.center,
        windowWidth: f.window.width,
        minPixelValue: f.minPixelValue,
        maxPixelValue: f.maxPixelValue,
        invert: f.invert,
      };
    }
    case 'rgba8':
      if (bytes < pixels * 4) throw new PixelFormatError(`frame has ${bytes} bytes, expected ${pixels * 4}`);
      return { columns: f.width, rows: f.height, layout: 'rgba', data: new Uint8Array(f.pixels) };
  }
}
