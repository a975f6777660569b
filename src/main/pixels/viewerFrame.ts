import type { z } from 'zod';
import type { FrameSchema, PixelFormatSchema } from '../../shared/ipc/schemas/study';
import { FileSource } from '../dicom/byteSource';
import { decodeFrame } from './decodeFrame';
import type { DecodedFrame } from './decodedFrame';
import type { ImagePixelDescription } from './imageDescription';
import { locatePixels } from './locateImage';
import type { OverlayGroupInput } from './overlays';
import { paletteToRgb } from './palette';
import { PixelDecodeError } from './decoders/pixelErrors';
import { parseDicom } from '../dicom/parseDicom';

/** A decoded frame ready for the viewer (the contract's frame without its image id). */
type RenderedFrame = Omit<z.infer<typeof FrameSchema>, 'imageId'>;
/** Requested pixel format. */
type PixelFormat = z.infer<typeof PixelFormatSchema>;

/** The description of an image file's pixels and its overlay groups; `NOT_AN_IMAGE` when it has none. */
export function describeImageFile(path: string): { desc: ImagePixelDescription; overlays: OverlayGroupInput[] } {
  const src = new FileSource(path);
  try {
    const located = locatePixels(parseDicom(src));
    if (!located) throw new PixelDecodeError('NOT_AN_IMAGE', 'this file has no Pixel Data');
    return { desc: located.desc, overlays: located.overlays };
  } finally {
    src.close();
  }
}

/**
 * Decodes frame `index` of the image at `path` with the pixel module (the code the OCR uses) and
 * turns it into what the viewer draws: windowed 8-bit grey, stored 16-bit grey with its window,
 * or RGBA. Failures are `PixelDecodeError`s (`NOT_AN_IMAGE`, `NO_SUCH_FRAME`, decoding codes).
 */
export async function renderFrame(path: string, index: number, format: PixelFormat): Promise<RenderedFrame> {
  const src = new FileSource(path);
  let desc: ImagePixelDescription;
  let frame: DecodedFrame;
  try {
    const located = locatePixels(parseDicom(src));
    if (!located) throw new PixelDecodeError('NOT_AN_IMAGE', 'this file has no Pixel Data');
    desc = located.desc;
    if (!Number.isInteger(index) || index < 0 || index >= desc.numberOfFrames) {
      throw new PixelDecodeError('NO_SUCH_FRAME', `frame ${index} requested of ${desc.numberOfFrames}`);
    }
    frame = await decodeFrame(desc, located.frameBytes(index));
  } finally {
    src.close();
  }
  return toDisplay(frame, desc, index, format);
}

/** Converts a decoded frame to the requested display format. Exported for tests. */
export function toDisplay(frame: DecodedFrame, desc: ImagePixelDescription, index: number, format: PixelFormat): RenderedFrame {
  const width = frame.width;
  const height = frame.height;
  const base = { frame: index, width, height };
  if (frame.photometric === 'RGB' || frame.photometric === 'PALETTE COLOR') {
    const rgb = frame.photometric === 'PALETTE COLOR' ? paletteToRgb(frame.data, desc) : rgb8(frame);
    const rgba = new Uint8Array(width * height * 4);
    for (let i = 0, j = 0; i < width * height; i++, j += 3) {
      rgba[i * 4] = rgb[j];
      rgba[i * 4 + 1] = rgb[j + 1];
      rgba[i * 4 + 2] = rgb[j + 2];
      rgba[i * 4 + 3] = 255;
    }
    return { ...base, format: 'rgba8', signed: false, rescale: { slope: 1, intercept: 0 }, window: { center: 127.5, width: 256 }, minPixelValue: 0, maxPixelValue: 255, invert: false, pixels: rgba.buffer };
  }
  const slope = desc.rescaleSlope ?? 1;
  const intercept = desc.rescaleIntercept ?? 0;
  const data = frame.data;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!Number.isFinite(min)) {
    min = 0;
    max = 0;
  }
  const window = desc.windowCenter !== undefined && desc.windowWidth !== undefined && desc.windowWidth > 0
    ? { center: desc.windowCenter, width: desc.windowWidth }
    : rangeWindow(min * slope + intercept, max * slope + intercept);
  const invert = frame.photometric === 'MONOCHROME1';
  const common = { ...base, rescale: { slope, intercept }, window, minPixelValue: min, maxPixelValue: max, invert };
  const fitsIn16 = !desc.floatPixelData && frame.bitsAllocated <= 16 && frame.bitsAllocated > 1;
  if (format === 'gray16' && fitsIn16) {
    const out: Int16Array<ArrayBuffer> | Uint16Array<ArrayBuffer> = frame.signed ? Int16Array.from(data) : Uint16Array.from(data);
    return { ...common, format: 'gray16', signed: frame.signed, pixels: out.buffer };
  }
  return { ...common, format: 'gray8', signed: false, minPixelValue: 0, maxPixelValue: 255, pixels: windowTo8(data, slope, intercept, window, invert).buffer };
}

function rangeWindow(low: number, high: number): { center: number; width: number } {
  return { center: (low + high) / 2, width: Math.max(1, high - low) };
}

/** 8-bit RGB from decoded RGB samples (16-bit colour keeps its high byte). */
function rgb8(frame: DecodedFrame): Uint8Array {
  if (frame.data instanceof Uint8Array) return frame.data;
  const shift = Math.max(0, frame.bitsStored - 8);
  const out = new Uint8Array(frame.data.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.min(255, Math.max(0, frame.data[i] >> shift));
  return out;
}

/** The linear VOI function of PS3.3 C.11.2.1.2.1, applied to modality values. */
export function windowTo8(
  data: ArrayLike<number>,
  slope: number,
  intercept: number,
  window: { center: number; width: number },
  invert: boolean,
): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(new ArrayBuffer(data.length));
  const c = window.center - 0.5;
  const w = Math.max(1, window.width - 1);
  const low = c - w / 2;
  const high = c + w / 2;
  for (let i = 0; i < data.length; i++) {
    const x = data[i] * slope + intercept;
    let y: number;
    if (x <= low) y = 0;
    else if (x > high) y = 255;
    else y = Math.round(((x - c) / w + 0.5) * 255);
    out[i] = invert ? 255 - y : y;
  }
  return out;
}
