import { PixelDecodeError } from './decoders/pixelErrors';
import { limitNamed, limits } from '../dicom/limits';

/**
 * One channel of a Palette Color Lookup Table (PS3.3 C.7.6.3.1.5, C.7.9).
 * Either `data` (0028,1201-1203) or `segmentedData` (0028,1221-1223) is present.
 */
export interface PaletteLut {
  /** Number of entries as written in the descriptor; 0 means 65536. */
  entries: number;
  /** First input value mapped (the descriptor's second value, already read as US or SS). */
  firstMapped: number;
  /** Bits per entry: 8 or 16. */
  bitsPerEntry: number;
  /** LUT Data bytes, little endian (OW words swapped by the caller for big-endian data sets). */
  data?: Uint8Array;
  /** Segmented LUT Data bytes, little endian, 16-bit words (PS3.3 C.7.9.2). */
  segmentedData?: Uint8Array;
}

/** The Image Pixel module values that decoding needs, read by the caller from the data set. */
export interface ImagePixelDescription {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  bitsStored: number;
  highBit: number;
  /** 0 unsigned, 1 two's complement. */
  pixelRepresentation: 0 | 1;
  /** Photometric Interpretation as written, e.g. `MONOCHROME2`, `YBR_FULL_422`. */
  photometric: string;
  /** 0 colour-by-pixel, 1 colour-by-plane; only meaningful for native data with 3 samples. */
  planarConfiguration: 0 | 1;
  /** Number of Frames, 1 when absent. */
  numberOfFrames: number;
  transferSyntaxUid: string;
  redPalette?: PaletteLut;
  greenPalette?: PaletteLut;
  bluePalette?: PaletteLut;
  /** First Window Center value. */
  windowCenter?: number;
  /** First Window Width value. */
  windowWidth?: number;
  rescaleSlope?: number;
  rescaleIntercept?: number;
  /** Pixel Padding Value (0028,0120), already read as US or SS. */
  pixelPaddingValue?: number;
  /** The pixels come from Float Pixel Data (7FE0,0008) rather than Pixel Data. */
  floatPixelData?: boolean;
  /** VR of Pixel Data (OB or OW); only consulted for 8-bit data in Explicit VR Big Endian. */
  pixelDataVr?: string;
}

/** Samples in one frame (rows × columns × samples per pixel). */
function frameSampleCount(desc: ImagePixelDescription): number {
  return desc.rows * desc.columns * desc.samplesPerPixel;
}

/**
 * Bits one native frame occupies. Frames of 1-bit data are packed back to back with no byte
 * alignment (PS3.5 8.1.1), so callers locating frames must work in bits.
 */
export function nativeFrameBits(desc: ImagePixelDescription): number {
  const samples = desc.photometric === 'YBR_FULL_422' && desc.samplesPerPixel === 3
    ? desc.rows * desc.columns * 2
    : frameSampleCount(desc);
  return samples * desc.bitsAllocated;
}

/**
 * A pixel description as a string (typed arrays, the palettes, by their bytes): two frames with
 * equal keys and equal encoded bytes decode to the same samples.
 */
export function pixelDescriptionKey(desc: ImagePixelDescription): string {
  return JSON.stringify(desc, (_key, v: unknown) => (ArrayBuffer.isView(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') : v));
}

/** Bytes one native frame occupies, rounded up for 1-bit data. */
export function nativeFrameLength(desc: ImagePixelDescription): number {
  return Math.ceil(nativeFrameBits(desc) / 8);
}

function isPositiveInteger(n: number): boolean {
  return Number.isInteger(n) && n > 0;
}

/**
 * Throws `BAD_IMAGE_DESCRIPTION` when the values cannot describe a decodable image: zero or
 * missing dimensions, unsupported Bits Allocated, Bits Stored larger than Bits Allocated, or a
 * and `OVER_LIMIT` for a frame larger than the `maxFrameBytes` limit (headers claiming 65535×65535
 * must not allocate).
 */
export function validateImageDescription(desc: ImagePixelDescription): void {
  const bad = (why: string): never => {
    throw new PixelDecodeError('BAD_IMAGE_DESCRIPTION', why);
  };
  if (!isPositiveInteger(desc.rows) || !isPositiveInteger(desc.columns)) bad(`bad image size ${desc.columns}x${desc.rows}`);
  if (desc.samplesPerPixel !== 1 && desc.samplesPerPixel !== 3) bad(`unsupported samples per pixel ${desc.samplesPerPixel}`);
  if (![1, 8, 16, 32].includes(desc.bitsAllocated)) bad(`unsupported bits allocated ${desc.bitsAllocated}`);
  // Float Pixel Data has no Bits Stored.
  if (!desc.floatPixelData && (!isPositiveInteger(desc.bitsStored) || desc.bitsStored > desc.bitsAllocated)) {
    bad(`bits stored ${desc.bitsStored} does not fit bits allocated ${desc.bitsAllocated}`);
  }
  if (!isPositiveInteger(desc.numberOfFrames)) bad(`bad number of frames ${desc.numberOfFrames}`);
  const frameBytes = frameSampleCount(desc) * Math.max(1, desc.bitsAllocated / 8);
  if (frameBytes > limits().maxFrameBytes) {
    throw new PixelDecodeError('OVER_LIMIT', `frame of ${desc.columns}x${desc.rows}x${desc.samplesPerPixel} (${frameBytes} bytes) is too large to decode: ${limitNamed('maxFrameBytes')}`);
  }
}

/**
 * The bit position of the lowest stored bit: High Bit − Bits Stored + 1, or 0 when High Bit is
 * inconsistent (some writers leave it at Bits Allocated − 1 or omit it).
 */
export function lowStoredBit(desc: ImagePixelDescription): number {
  const low = desc.highBit - desc.bitsStored + 1;
  return low >= 0 && desc.highBit < desc.bitsAllocated ? low : 0;
}
