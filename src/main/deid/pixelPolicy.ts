import type { ByteSource, DicomElement, ParsedDicom } from '../dicom/types';
import { readAscii, readInteger } from '../dicom/elementValues';
import { FileSource } from '../dicom/byteSource';

/** SOP classes whose payload is a document we cannot clean yet (PDF, CDA, STL, OBJ, MTL). */
export const ENCAPSULATED_DOCUMENT_CLASSES: Readonly<Record<string, string>> = {
  '1.2.840.10008.5.1.4.1.1.104.1': 'PDF',
  '1.2.840.10008.5.1.4.1.1.104.2': 'CDA',
  '1.2.840.10008.5.1.4.1.1.104.3': 'STL',
  '1.2.840.10008.5.1.4.1.1.104.4': 'OBJ',
  '1.2.840.10008.5.1.4.1.1.104.5': 'MTL',
};

const PIXEL_TAGS = new Set([0x7fe00010, 0x7fe00008, 0x7fe00009]);

/** How the pixels of a file stand with respect to burned-in identifying content. */
export type PixelVerdict =
  | { kind: 'no-pixels' }
  | { kind: 'document'; format: string }
  | { kind: 'image'; uncleaned: string[] };

/**
 * Decides whether a file's pixels may carry identifying content this build cannot remove:
 * BurnedInAnnotation not NO, overlays in Pixel Data (OverlayBitPosition ≠ 0), or set bits above
 * HighBit in native Pixel Data. Each reason is listed; an empty list means clean.
 */
export function judgePixels(parsed: ParsedDicom, byTag: ReadonlyMap<number, DicomElement>, sopClassUid: string): PixelVerdict {
  const doc = ENCAPSULATED_DOCUMENT_CLASSES[sopClassUid];
  if (doc) return { kind: 'document', format: doc };
  const pixel = parsed.dataset.find((e) => PIXEL_TAGS.has(e.tag));
  if (!pixel) return { kind: 'no-pixels' };
  const src = parsed.datasetSource;
  const le = parsed.transferSyntax.littleEndian;
  const reasons: string[] = [];
  const burned = byTag.get(0x00280301);
  const burnedValue = burned ? readAscii(src.read(burned.valueOffset, burned.valueLength)).toUpperCase() : '';
  if (burnedValue !== 'NO') {
    reasons.push(burnedValue ? `BurnedInAnnotation is ${burnedValue}` : 'BurnedInAnnotation is absent, so burned-in text cannot be ruled out');
  }
  for (const el of parsed.dataset) {
    const group = el.tag >>> 16;
    if ((el.tag & 0xffff) === 0x0102 && group >= 0x6000 && group <= 0x601e && !(group & 1)) {
      const bit = readInteger(src, el, le) ?? 0;
      if (bit !== 0) reasons.push(`overlay ${group.toString(16)} is stored in bit ${bit} of Pixel Data`);
    }
  }
  if (!parsed.transferSyntax.encapsulated && !pixel.fragments && reasons.length === 0) {
    const allocated = intOf(byTag, 0x00280100, src, le);
    const highBit = intOf(byTag, 0x00280102, src, le);
    const signed = intOf(byTag, 0x00280103, src, le) === 1;
    if (allocated === 16 && highBit !== undefined && highBit < 15 && highBitsInUse(src, pixel, le, highBit, signed)) {
      reasons.push(`Pixel Data has bits set above HighBit ${highBit} (overlay or hidden data)`);
    }
  }
  return { kind: 'image', uncleaned: reasons };
}

function intOf(byTag: ReadonlyMap<number, DicomElement>, tag: number, src: ByteSource, le: boolean): number | undefined {
  const el = byTag.get(tag);
  return el ? readInteger(src, el, le) : undefined;
}

/** Scans 16-bit native pixels in 1 MiB pieces for bits above HighBit (sign extension allowed). */
function highBitsInUse(src: ByteSource, pixel: DicomElement, le: boolean, highBit: number, signed: boolean): boolean {
  const mask = (0xffff << (highBit + 1)) & 0xffff;
  const step = 1 << 20;
  const buf = new Uint8Array(step);
  for (let at = 0; at + 1 < pixel.valueLength; at += step) {
    const n = Math.min(step, pixel.valueLength - at) & ~1;
    let bytes: Uint8Array;
    if (src instanceof FileSource) {
      bytes = buf.subarray(0, n);
      src.readInto(pixel.valueOffset + at, bytes);
    } else bytes = src.read(pixel.valueOffset + at, n);
    for (let i = 0; i < n; i += 2) {
      const v = le ? bytes[i] | (bytes[i + 1] << 8) : (bytes[i] << 8) | bytes[i + 1];
      const high = v & mask;
      if (high === 0) continue;
      if (signed && high === mask && v & (1 << highBit)) continue;
      return true;
    }
  }
  return false;
}
