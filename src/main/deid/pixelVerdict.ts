import type { ByteSource, DicomElement, ParsedDicom } from '../dicom/types';
import { readAscii, readInteger } from '../dicom/elementValues';

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
type PixelVerdict =
  | { kind: 'no-pixels' }
  | { kind: 'document'; format: string }
  | { kind: 'image'; uncleaned: string[]; highBits?: HighBitCheck };

/** Native 16-bit Pixel Data whose unused high bits must be checked while it is copied. */
export interface HighBitCheck {
  valueOffset: number;
  valueLength: number;
  highBit: number;
  signed: boolean;
  littleEndian: boolean;
}

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
  let highBits: HighBitCheck | undefined;
  if (!parsed.transferSyntax.encapsulated && !pixel.fragments && pixel.tag === 0x7fe00010) {
    const allocated = intOf(byTag, 0x00280100, src, le);
    const highBit = intOf(byTag, 0x00280102, src, le);
    if (allocated === 16 && highBit !== undefined && highBit >= 0 && highBit < 15) {
      highBits = { valueOffset: pixel.valueOffset, valueLength: pixel.valueLength, highBit, signed: intOf(byTag, 0x00280103, src, le) === 1, littleEndian: le };
    }
  }
  return { kind: 'image', uncleaned: reasons, highBits };
}

function intOf(byTag: ReadonlyMap<number, DicomElement>, tag: number, src: ByteSource, le: boolean): number | undefined {
  const el = byTag.get(tag);
  return el ? readInteger(src, el, le) : undefined;
}

/** Thrown by the inspector when Pixel Data has bits set above HighBit. */
export class HiddenPixelBitsError extends Error {
  readonly code = 'HIDDEN_PIXEL_BITS';
  constructor(highBit: number) {
    super(`Pixel Data has bits set above HighBit ${highBit} (an overlay or hidden data)`);
    this.name = 'HiddenPixelBitsError';
  }
}

/**
 * An inspector for the pieces of Pixel Data as they are copied (so the pixels are read once):
 * it throws HiddenPixelBitsError at the first 16-bit value with bits set above HighBit, allowing
 * sign extension of signed data.
 */
export function highBitInspector(check: HighBitCheck): (piece: Uint8Array, sourceOffset: number) => void {
  const mask = (0xffff << (check.highBit + 1)) & 0xffff;
  const mask32 = (mask | (mask << 16)) >>> 0;
  const sign = 1 << check.highBit;
  const end = check.valueOffset + check.valueLength;
  const value = (v: number): void => {
    const high = v & mask;
    if (high === 0 || (check.signed && high === mask && v & sign)) return;
    throw new HiddenPixelBitsError(check.highBit);
  };
  return (piece, sourceOffset) => {
    const from = Math.max(check.valueOffset, sourceOffset);
    const to = Math.min(end, sourceOffset + piece.length);
    let i = from - sourceOffset;
    if ((from - check.valueOffset) & 1) i++;
    const count = Math.max(0, (to - sourceOffset - i) >> 1);
    let at = piece.byteOffset + i;
    if (check.littleEndian && (at & 1) === 0) {
      // Fast path: whole 32-bit words (two pixels) tested at once; only words with high bits set
      // are looked at pixel by pixel (sign extension of signed data is allowed).
      let k = 0;
      if (at & 2 && count > 0) {
        value(piece[i] | (piece[i + 1] << 8));
        k = 1;
        at += 2;
      }
      const words = (count - k) >> 1;
      const u32 = new Uint32Array(piece.buffer, at, words);
      for (let w = 0; w < words; w++) {
        const x = u32[w];
        if (x & mask32) {
          value(x & 0xffff);
          value(x >>> 16);
        }
      }
      for (let j = k + words * 2; j < count; j++) value(piece[i + 2 * j] | (piece[i + 2 * j + 1] << 8));
      return;
    }
    for (let j = 0; j < count; j++) {
      const b = i + 2 * j;
      value(check.littleEndian ? piece[b] | (piece[b + 1] << 8) : (piece[b] << 8) | piece[b + 1]);
    }
  };
}
