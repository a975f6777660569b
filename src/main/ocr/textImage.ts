/**
 * Operations on the 8-bit images the text engines take (`TextImage`): checking one before any
 * engine sees it, and cutting out a region turned upright for reading.
 */
import type { Box } from './grayImage';
import { OcrError } from './ocrErrors';
import type { LineRotation, TextImage } from './textEngines';

/**
 * The largest image an engine accepts, in pixels: a frame that claims more is refused by
 * arithmetic before anything is allocated for it (the biggest real frames are ~ 4k × 4k).
 */
const MAX_PIXELS = 8192 * 8192;

/** Throws `OCR_BAD_INPUT` unless `image` is a whole 8-bit image of 1 or 3 channels within bounds. */
export function checkTextImage(image: TextImage): void {
  const { width, height, channels, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width * height > MAX_PIXELS) {
    throw new OcrError('OCR_BAD_INPUT', `image size ${width}x${height} is not one the text engines read`);
  }
  if (channels !== 1 && channels !== 3) throw new OcrError('OCR_BAD_INPUT', `image has ${String(channels)} channels; 1 or 3 are read`);
  if (!(data instanceof Uint8Array) || data.length !== width * height * channels) {
    throw new OcrError('OCR_BAD_INPUT', `image ${width}x${height}x${channels} has ${data?.length ?? 0} bytes`);
  }
}

/** `box` clipped to the image, with whole-pixel edges; `null` when nothing of it is inside. */
export function clipBox(box: Box, width: number, height: number): Box | null {
  const x0 = Math.max(0, Math.floor(box.x));
  const y0 = Math.max(0, Math.floor(box.y));
  const x1 = Math.min(width, Math.ceil(box.x + box.w));
  const y1 = Math.min(height, Math.ceil(box.y + box.h));
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } : null;
}

/**
 * The pixels of `box` (already clipped) turned clockwise by `rotation`, so that text running
 * bottom-to-top (90) or top-to-bottom (270) reads left to right.
 */
export function cropUpright(image: TextImage, box: Box, rotation: LineRotation): TextImage {
  const { channels: c } = image;
  const turned = rotation !== 0;
  const width = turned ? box.h : box.w;
  const height = turned ? box.w : box.h;
  const data = new Uint8Array(width * height * c);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // The source pixel shown at (x, y) of the upright crop.
      let sx: number;
      let sy: number;
      if (rotation === 0) {
        sx = x;
        sy = y;
      } else if (rotation === 90) {
        sx = y;
        sy = box.h - 1 - x;
      } else {
        sx = box.w - 1 - y;
        sy = x;
      }
      const from = ((box.y + sy) * image.width + box.x + sx) * c;
      const to = (y * width + x) * c;
      for (let k = 0; k < c; k++) data[to + k] = image.data[from + k];
    }
  }
  return { width, height, channels: c, data };
}

/**
 * Maps a span `[a, b)` along the upright crop's x axis back to the source image's reading axis
 * (image x for 0, image y for 90 and 270), as `[x0, x1]` with `x0 <= x1`.
 */
export function uprightSpanToImage(box: Box, rotation: LineRotation, a: number, b: number): { x0: number; x1: number } {
  if (rotation === 0) return { x0: box.x + a, x1: box.x + b };
  if (rotation === 90) return { x0: box.y + box.h - b, x1: box.y + box.h - a };
  return { x0: box.y + a, x1: box.y + b };
}
