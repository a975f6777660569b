import type { z } from 'zod';
import { rgbToRgba } from '../../shared/pixels/colour8';
import { greyTo8, IDENTITY_WINDOW_8, NO_RESCALE } from '../../shared/pixels/voi';
import type { FrameSchema, PixelFormatSchema } from '../../shared/ipc/schemas/study';
import { FileSource } from '../dicom/byteSource';
import { decodeFrame } from './decodeFrame';
import type { DecodedFrame } from './decodedFrame';
import type { ImagePixelDescription } from './imageDescription';
import { locatePixels } from './locateImage';
import type { OverlayGroupInput } from './overlays';
import { framePicture } from './frameImage';
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

/**
 * Converts a decoded frame to the requested display format through the frame's one picture
 * (`framePicture`): `gray16` hands over stored values with the display settings the viewer's
 * lookup table applies; `gray8` (asked for, or data that do not fit 16 bits) is those settings
 * already applied; colour is RGBA. Exported for tests.
 */
export function toDisplay(frame: DecodedFrame, desc: ImagePixelDescription, index: number, format: PixelFormat): RenderedFrame {
  const width = frame.width;
  const height = frame.height;
  const base = { frame: index, width, height };
  const picture = framePicture(frame, desc);
  if (picture.kind === 'rgb') {
    const rgba = rgbToRgba(picture.rgb, width * height);
    return { ...base, format: 'rgba8', signed: false, rescale: { ...NO_RESCALE }, window: { ...IDENTITY_WINDOW_8 }, minPixelValue: 0, maxPixelValue: 255, invert: false, pixels: rgba.buffer };
  }
  const { display } = picture;
  const common = { ...base, rescale: display.rescale, window: display.window, invert: display.invert };
  const fitsIn16 = !desc.floatPixelData && frame.bitsAllocated <= 16 && frame.bitsAllocated > 1;
  if (format === 'gray16' && fitsIn16) {
    const out: Int16Array<ArrayBuffer> | Uint16Array<ArrayBuffer> = frame.signed ? Int16Array.from(frame.data) : Uint16Array.from(frame.data);
    return { ...common, format: 'gray16', signed: frame.signed, minPixelValue: picture.storedMin, maxPixelValue: picture.storedMax, pixels: out.buffer };
  }
  return { ...common, format: 'gray8', signed: false, minPixelValue: 0, maxPixelValue: 255, pixels: greyTo8(frame.data, display).buffer };
}
