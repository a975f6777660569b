/**
 * The overlay planes (60xx) a viewer shows on one frame of an image, at their origin: Overlay Data
 * planes (a one-frame overlay on every frame, as the OCR reads it; a multi-frame overlay's own
 * frame) and overlays kept in Pixel Data bits of that frame (native and RLE data keep them).
 */
import { FileSource } from '../dicom/byteSource';
import { parseDicom } from '../dicom/parseDicom';
import { codecForSyntax } from './decoders/pixelCodec';
import { PixelDecodeError } from './decoders/pixelErrors';
import { decodeFrame } from './decodeFrame';
import type { DecodedFrame } from './decodedFrame';
import { locatePixels } from './locateImage';
import { extractOverlays } from './overlays';
import type { OverlayGroupInput, OverlayPlane } from './overlays';

function hasData(g: OverlayGroupInput): boolean {
  return g.data !== undefined && g.data.length > 0;
}

/** Every declared overlay plane of frame `index` of the image at `path`; `NO_SUCH_FRAME` past the last frame. */
export async function frameOverlays(path: string, index: number): Promise<OverlayPlane[]> {
  const src = new FileSource(path);
  try {
    const located = locatePixels(parseDicom(src));
    if (!located) throw new PixelDecodeError('NOT_AN_IMAGE', 'this file has no Pixel Data');
    const desc = located.desc;
    if (!Number.isInteger(index) || index < 0 || index >= desc.numberOfFrames) {
      throw new PixelDecodeError('NO_SUCH_FRAME', `frame ${index} requested of ${desc.numberOfFrames}`);
    }
    const planes: OverlayPlane[] = [];
    for (const g of located.overlays.filter(hasData)) {
      const all = extractOverlays([g], desc);
      planes.push(...(Math.max(1, g.numberOfFrames ?? 1) === 1 ? all : all.filter((p) => p.frame === index)));
    }
    const inPixelBits = located.overlays.filter((g) => !hasData(g) && g.bitPosition !== undefined && (g.bitsAllocated ?? 1) > 1);
    const codec = codecForSyntax(desc.transferSyntaxUid);
    if (inPixelBits.length > 0 && (codec === 'native' || codec === 'rle')) {
      const unmasked: (DecodedFrame | undefined)[] = [];
      unmasked[index] = await decodeFrame(desc, located.frameBytes(index), { keepUnusedBits: true });
      // Group 0 is bits no group declares: the verdict deals with those, the viewer shows declared overlays.
      planes.push(...extractOverlays(inPixelBits, desc, unmasked).filter((p) => p.group !== 0));
    }
    return planes;
  } finally {
    src.close();
  }
}

/** A plane's bits packed eight to a byte, first pixel in the lowest bit, row by row. */
export function packPlaneBits(bits: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(bits.length / 8));
  for (let i = 0; i < bits.length; i++) if (bits[i]) out[i >> 3] |= 1 << (i & 7);
  return out;
}
