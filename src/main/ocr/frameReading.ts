/**
 * Decoding an image's frames for OCR, one at a time: the decoded frame as the burner and the OCR
 * see it, plus any overlay bits hidden in Pixel Data above High Bit, which are read from the raw
 * stored words (native and RLE data keep them; other codecs have no unused bits).
 */
import { decodeFrame } from '../pixels/decodeFrame';
import type { DecodedFrame } from '../pixels/decodedFrame';
import { lowStoredBit } from '../pixels/imageDescription';
import type { LocatedPixels } from '../pixels/locateImage';
import { extractOverlays, highBitsInUse, type OverlayGroupInput, type OverlayPlane } from '../pixels/overlays';
import { paletteToRgb } from '../pixels/palette';
import { codecForSyntax } from '../pixels/decoders/pixelCodec';
import type { OcrFrameInput } from './intensity';

/** One decoded frame and what hides in its unused bits. */
interface FrameReading {
  frame: DecodedFrame;
  /** Set bits above High Bit (or below the lowest stored bit), other than sign extension. */
  hiddenBits: boolean;
  /** Overlay planes kept in Pixel Data bits for this frame (declared groups and undeclared bits). */
  hiddenPlanes: OverlayPlane[];
}

/** True when the pixel words of this image can carry bits outside Bits Stored that survive decoding. */
function mayHideBits(located: LocatedPixels): boolean {
  const d = located.desc;
  const codec = codecForSyntax(d.transferSyntaxUid);
  return (codec === 'native' || codec === 'rle') && d.samplesPerPixel === 1 && d.bitsAllocated >= 8 && d.bitsStored < d.bitsAllocated && !d.floatPixelData;
}

/**
 * True when {@link readFrame} proves of every frame it reads that no sample has a bit set above
 * High Bit other than sign extension (the writer's high-bit check, `pixels/highBits.ts`): the
 * words may hide bits, the stored bits start at bit 0 (High Bit is Bits Stored - 1), and a frame
 * with such a bit comes back with `hiddenBits`.
 */
export function readingChecksHighBits(located: LocatedPixels): boolean {
  return mayHideBits(located) && located.desc.highBit === located.desc.bitsStored - 1;
}

/** Groups whose overlay lives in Pixel Data bits (no Overlay Data of their own). */
function pixelBitGroups(groups: readonly OverlayGroupInput[]): OverlayGroupInput[] {
  return groups.filter((g) => !(g.data && g.data.length > 0) && g.bitPosition !== undefined && (g.bitsAllocated ?? 1) > 1);
}

/**
 * Decodes frame `index` (from `encoded` when the caller already read its bytes with
 * `located.frameBytes`, and hands them over). When the words may hide bits, the frame is decoded unmasked once: hidden
 * bits and overlay planes are read from it, then it is masked to Bits Stored and sign-extended
 * exactly as `decodeFrame` would have, so callers see the same samples either way.
 */
export async function readFrame(located: LocatedPixels, index: number, encoded?: Uint8Array): Promise<FrameReading> {
  const bytes = encoded ?? located.frameBytes(index);
  // A native frame's bytes come fresh from `nativeFrame`, held by no one else (a caller passing
  // them reads them no more): the samples may live in them. Encoded frames may be views of the file.
  const adoptBytes = !located.pixel.fragments;
  if (!mayHideBits(located)) return { frame: await decodeFrame(located.desc, bytes, { adoptBytes }), hiddenBits: false, hiddenPlanes: [] };
  const raw = await decodeFrame(located.desc, bytes, { keepUnusedBits: true, adoptBytes });
  // The common case (CT: 12 of 16 bits, sign-extended): every word already is its stored value,
  // so nothing hides in the unused bits and masking would change nothing. One pass proves it.
  if (pixelBitGroups(located.overlays).length === 0 && storedAsIs(raw, located)) return { frame: raw, hiddenBits: false, hiddenPlanes: [] };
  const hiddenBits = highBitsInUse(raw, located.desc);
  const unmasked: (DecodedFrame | undefined)[] = [];
  unmasked[index] = raw;
  const hiddenPlanes = hiddenBits || pixelBitGroups(located.overlays).length > 0
    ? extractOverlays(pixelBitGroups(located.overlays), located.desc, unmasked)
    : [];
  return { frame: maskToStored(raw, located), hiddenBits, hiddenPlanes };
}

/**
 * True when every sample of an unmasked frame equals what {@link maskToStored} makes of it: the
 * stored bits start at bit 0 and every bit above them is zero (unsigned) or a copy of the sign bit
 * (signed). Then no bit outside Bits Stored is in use other than sign extension.
 */
function storedAsIs(raw: DecodedFrame, located: LocatedPixels): boolean {
  const desc = located.desc;
  const bits = desc.bitsStored;
  if (lowStoredBit(desc) !== 0 || bits >= 32 || bits < 1) return false;
  const d = raw.data;
  if (d instanceof Float32Array) return false;
  if ((d instanceof Int16Array && raw.signed) || (d instanceof Uint16Array && !raw.signed)) return wordsStoredAsIs(d, bits, raw.signed);
  if (raw.signed) {
    // Signed arrays hold the words sign-extended from their full width: a stored value survives
    // the round trip through its own width.
    const extend = 32 - bits;
    if (!(d instanceof Int8Array || d instanceof Int16Array || d instanceof Int32Array)) return false;
    for (let i = 0; i < d.length; i++) {
      const v = d[i];
      if ((v << extend) >> extend !== v) return false;
    }
    return true;
  }
  if (!(d instanceof Uint8Array || d instanceof Uint16Array || d instanceof Uint32Array)) return false;
  const above = ~(2 ** bits - 1);
  for (let i = 0; i < d.length; i++) if ((d[i] & above) !== 0) return false;
  return true;
}

/**
 * {@link storedAsIs} of 16-bit words (stored bits from bit 0), two words at a time through a
 * 32-bit view and without a branch per word: unsigned, no word has a bit at or above `bits`;
 * signed, bits `bits - 1` to 15 of every word are equal (bit k of `v ^ (v >>> 1)` is bit k xor
 * bit k + 1, so those bits of it are all zero). An odd last word, or words not 4-byte aligned,
 * are checked one by one.
 */
function wordsStoredAsIs(d: Int16Array | Uint16Array, bits: number, signed: boolean): boolean {
  const aligned = d.byteOffset % 4 === 0;
  const pairs = aligned ? d.length >> 1 : 0;
  const half = signed ? 0x7fff & ~((1 << (bits - 1)) - 1) : 0xffff & ~((1 << bits) - 1);
  const mask = half | (half << 16);
  const w = new Int32Array(d.buffer, d.byteOffset, pairs);
  let acc = 0;
  if (signed) {
    for (let i = 0; i < pairs; i++) {
      const v = w[i];
      acc |= v ^ (v >>> 1);
    }
  } else {
    for (let i = 0; i < pairs; i++) acc |= w[i];
  }
  if ((acc & mask) !== 0) return false;
  for (let i = 2 * pairs; i < d.length; i++) {
    const v = d[i];
    if (signed ? (((v << (32 - bits)) >> (32 - bits)) !== v) : (v & ~(2 ** bits - 1)) !== 0) return false;
  }
  return true;
}

/** The samples of an unmasked frame shifted to bit 0, masked to Bits Stored and sign-extended. */
function maskToStored(raw: DecodedFrame, located: LocatedPixels): DecodedFrame {
  const desc = located.desc;
  const shift = lowStoredBit(desc);
  const bits = desc.bitsStored;
  const d = raw.data;
  const unsigned = d instanceof Int8Array ? new Uint8Array(d.buffer, d.byteOffset, d.length)
    : d instanceof Int16Array ? new Uint16Array(d.buffer, d.byteOffset, d.length)
      : d instanceof Int32Array ? new Uint32Array(d.buffer, d.byteOffset, d.length)
        : d;
  const out = d.slice();
  const mask = bits >= 32 ? 0xffffffff : 2 ** bits - 1;
  const extend = 32 - bits;
  if (!raw.signed && bits < 32) {
    for (let i = 0; i < out.length; i++) out[i] = (unsigned[i] >>> shift) & mask;
  } else {
    for (let i = 0; i < out.length; i++) {
      const v = ((unsigned[i] >>> shift) & mask) >>> 0;
      out[i] = raw.signed ? (v << extend) >> extend : v;
    }
  }
  return { ...raw, data: out };
}

/**
 * The frame as the OCR module takes it: palette indices become RGB (the OCR reads brightness, not
 * indices), window and rescale come from the description.
 */
export function ocrInputOf(frame: DecodedFrame, located: LocatedPixels): OcrFrameInput {
  const desc = located.desc;
  if (frame.photometric === 'PALETTE COLOR') {
    return { data: paletteToRgb(frame.data, desc), width: frame.width, height: frame.height, samplesPerPixel: 3, bitsStored: 8, signed: false, photometric: 'RGB' };
  }
  return {
    data: frame.data,
    width: frame.width,
    height: frame.height,
    samplesPerPixel: frame.samplesPerPixel,
    bitsStored: frame.bitsStored,
    signed: frame.signed,
    photometric: frame.photometric,
    windowCenter: desc.windowCenter,
    windowWidth: desc.windowWidth,
    rescaleSlope: desc.rescaleSlope,
    rescaleIntercept: desc.rescaleIntercept,
  };
}
