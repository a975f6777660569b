/**
 * A decoded frame as every view shows it (the viewer, the PNG export): the one picture of
 * `src/shared/pixels` (`voi.ts` for grey, `colour8.ts` for colour) fed with this frame's header.
 */
import { rgbTo8 } from '../../shared/pixels/colour8';
import { defaultWindow, greyTo8, sampleRange, type GreyDisplay } from '../../shared/pixels/voi';
import type { DecodedFrame } from './decodedFrame';
import type { ImagePixelDescription } from './imageDescription';
import { paletteToRgb } from './palette';
import type { Image8 } from './pngEncoder';

/** A grey frame's display settings and the range of its stored values. */
interface GreyPicture {
  kind: 'grey';
  display: GreyDisplay;
  storedMin: number;
  storedMax: number;
}

/** How a decoded frame is shown: grey through its display settings, or fixed 8-bit RGB. */
type FramePicture = GreyPicture | { kind: 'rgb'; rgb: Uint8Array };

/**
 * How `frame` is shown: palette colour looked up and RGB reduced to 8 bits; grey with the header's
 * rescale, its first Window Center/Width (else the frame's own range) and MONOCHROME1 inverted.
 */
export function framePicture(frame: DecodedFrame, desc: ImagePixelDescription): FramePicture {
  if (frame.photometric === 'PALETTE COLOR') return { kind: 'rgb', rgb: paletteToRgb(frame.data, desc) };
  if (frame.samplesPerPixel === 3) return { kind: 'rgb', rgb: rgbTo8(frame.data, frame.bitsStored) };
  const rescale = { slope: desc.rescaleSlope ?? 1, intercept: desc.rescaleIntercept ?? 0 };
  const { min, max } = sampleRange(frame.data);
  const header = desc.windowCenter !== undefined && desc.windowWidth !== undefined ? { center: desc.windowCenter, width: desc.windowWidth } : undefined;
  const display = { rescale, window: defaultWindow(header, min, max, rescale), invert: frame.photometric === 'MONOCHROME1' };
  return { kind: 'grey', display, storedMin: min, storedMax: max };
}

/** The frame as the viewer first shows it, in 8 bits (grey, or RGB): what the PNG export writes. */
export function displayImage(frame: DecodedFrame, desc: ImagePixelDescription): Image8 {
  const { width, height } = frame;
  const picture = framePicture(frame, desc);
  if (picture.kind === 'rgb') return { data: picture.rgb, width, height, channels: 3 };
  return { data: greyTo8(frame.data, picture.display), width, height, channels: 1 };
}
