/**
 * Bits set above High Bit in native 16-bit Pixel Data: overlays or other hidden data no header
 * declares. The writer checks every value while it copies Pixel Data, so the pixels are read once.
 */
import { CodedError } from '../../shared/codedError';
import { readInteger } from '../dicom/elementValues';
import type { ByteSource, DicomElement, ParsedDicom } from '../dicom/types';
import { TAG } from '../dicom/dictionary';

/** Native 16-bit Pixel Data whose unused high bits must be checked while it is copied. */
export interface HighBitCheck {
  valueOffset: number;
  valueLength: number;
  highBit: number;
  signed: boolean;
  littleEndian: boolean;
}

/**
 * The check the copy of `parsed`'s Pixel Data needs, or undefined when it needs none (encapsulated
 * or not 16-bit data, or no High Bit below 15).
 */
export function highBitCheckOf(parsed: ParsedDicom, byTag: ReadonlyMap<number, DicomElement>): HighBitCheck | undefined {
  const pixel = byTag.get(TAG.PixelData);
  if (!pixel || parsed.transferSyntax.encapsulated || pixel.fragments) return undefined;
  const src = parsed.datasetSource;
  const le = parsed.transferSyntax.littleEndian;
  const allocated = intOf(byTag, TAG.BitsAllocated, src, le);
  const highBit = intOf(byTag, TAG.HighBit, src, le);
  if (allocated !== 16 || highBit === undefined || highBit < 0 || highBit >= 15) return undefined;
  return { valueOffset: pixel.valueOffset, valueLength: pixel.valueLength, highBit, signed: intOf(byTag, TAG.PixelRepresentation, src, le) === 1, littleEndian: le };
}

function intOf(byTag: ReadonlyMap<number, DicomElement>, tag: number, src: ByteSource, le: boolean): number | undefined {
  const el = byTag.get(tag);
  return el ? readInteger(src, el, le) : undefined;
}

/** Thrown by the inspector when Pixel Data has bits set above HighBit. */
export class HiddenPixelBitsError extends CodedError<'HIDDEN_PIXEL_BITS'> {
  constructor(highBit: number) {
    super('HIDDEN_PIXEL_BITS', `Pixel Data has bits set above HighBit ${highBit} (an overlay or hidden data)`);
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
