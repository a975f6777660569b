/**
 * What the pixel scorer reads from an input or output image: decoded frames (stored values, the
 * decoder's RGB for colour), the frame as a viewer shows it (8-bit), overlay group 6000's bits,
 * and what the header claims of the pixels (BurnedInAnnotation, 113101).
 */
import { readFileSync } from 'node:fs';
import dicomParser from 'dicom-parser';
import { FileSource } from '../../src/main/dicom/byteSource';
import { TAG } from '../../src/main/dicom/dictionary';
import { parseDicom } from '../../src/main/dicom/parseDicom';
import type { DecodedFrame } from '../../src/main/pixels/decodedFrame';
import { decodeFrame } from '../../src/main/pixels/decodeFrame';
import { displayImage } from '../../src/main/pixels/frameImage';
import { locatePixels } from '../../src/main/pixels/locateImage';
import { extractOverlays } from '../../src/main/pixels/overlays';
import type { Image8 } from '../../src/main/pixels/pngEncoder';

/** One frame of an image: its decoded samples and its 8-bit picture. */
interface ScoredFrame {
  decoded: DecodedFrame;
  picture: Image8;
}

/** An image opened for scoring. */
export interface ScoredImage {
  rows: number;
  columns: number;
  frames: Map<number, ScoredFrame>;
  /** Overlay group 6000's first plane as 0/1 per image pixel; undefined when the group is gone. */
  overlay?: Uint8Array;
}

/**
 * Decodes the frames `wanted` of the image at `path` (and reads overlay 6000). Frames the file
 * does not have are left out of the map.
 */
export async function openScoredImage(path: string, wanted: Iterable<number>): Promise<ScoredImage> {
  const src = new FileSource(path);
  try {
    const located = locatePixels(parseDicom(src));
    if (!located) return { rows: 0, columns: 0, frames: new Map() };
    const { desc } = located;
    const frames = new Map<number, ScoredFrame>();
    for (const f of new Set(wanted)) {
      if (f >= (desc.numberOfFrames ?? 1)) continue;
      const decoded = await decodeFrame(desc, located.frameBytes(f));
      frames.set(f, { decoded, picture: displayImage(decoded, desc) });
    }
    let overlay: Uint8Array | undefined;
    const group = located.overlays.find((g) => g.group === 0x6000 && g.data && g.data.length > 0);
    if (group) {
      const [plane] = extractOverlays([group], desc);
      if (plane) {
        overlay = new Uint8Array(desc.rows * desc.columns);
        for (let y = 0; y < plane.rows; y++) {
          for (let x = 0; x < plane.columns; x++) {
            const [ix, iy] = [x + plane.originColumn - 1, y + plane.originRow - 1];
            if (ix >= 0 && iy >= 0 && ix < desc.columns && iy < desc.rows) overlay[iy * desc.columns + ix] = plane.bits[y * plane.columns + x];
          }
        }
      }
    }
    return { rows: desc.rows, columns: desc.columns, frames, overlay };
  } finally {
    src.close();
  }
}

/** What an output's header says of its pixels. */
export interface PixelClaims {
  /** BurnedInAnnotation (0028,0301), upper case, '' when absent. */
  burnedInAnnotation: string;
  /** 113101 (Clean Pixel Data) is among the De-identification Method codes. */
  cleanPixelData: boolean;
}

/** dicom-parser's element key for a tag. */
function key(tag: number): string {
  return `x${tag.toString(16).padStart(8, '0')}`;
}

/** Reads an image's pixel claims (dicom-parser: a reader independent of the product's). */
export function pixelClaims(path: string): PixelClaims {
  const ds = dicomParser.parseDicom(new Uint8Array(readFileSync(path)), { untilTag: key(TAG.PixelData) });
  const codes = (ds.elements[key(TAG.DeidentificationMethodCodeSequence)]?.items ?? []).map((i) => i.dataSet?.string(key(TAG.CodeValue)) ?? '');
  return { burnedInAnnotation: (ds.string(key(TAG.BurnedInAnnotation)) ?? '').trim().toUpperCase(), cleanPixelData: codes.includes('113101') };
}
