import type { ImagePixelDescription } from './imageDescription';
import type { DecodedFrame, DecodedPhotometric, DecodedPixels } from './decodedFrame';
import type { CodecImage } from './decoders/codecImage';
import { lowStoredBit, nativeFrameLength, validateImageDescription } from './imageDescription';
import { PixelDecodeError } from './decoders/pixelErrors';
import { ybrFullToRgb, ybrPartialToRgb, upsample422 } from './color';
import { interleavePlanes } from './decoders/codecImage';
import { codecForSyntax } from './decoders/pixelCodec';
import { cannotDecode, decodeEncoded } from './decodeEncoded';

/** Options for {@link decodeFrame}. */
interface DecodeFrameOptions {
  /**
   * Keep bits above High Bit (and below the lowest stored bit) instead of masking them off, so
   * overlays stored in unused high bits can be read (see `highBitsInUse`).
   */
  keepUnusedBits?: boolean;
  /**
   * The caller hands `frameBytes` over (a native frame fresh from `nativeFrame`, read by no one
   * else): one-sample native data may become the frame's samples in place instead of a copy.
   */
  adoptBytes?: boolean;
}

/**
 * Decodes one frame: `frameBytes` is a native frame from `nativeFrame` (little endian) or the
 * encoded bytes of one encapsulated frame. Colour comes back as interleaved RGB (YBR_FULL,
 * YBR_FULL_422 and YBR_PARTIAL_422 converted, JPEG 2000 RCT/ICT undone by the codec), palette
 * images as indices, and integer samples masked to Bits Stored and sign-extended when signed.
 * Throws `PixelDecodeError` (`CANNOT_DECODE` for syntaxes without a decoder, e.g. JPEG XL).
 */
export async function decodeFrame(
  desc: ImagePixelDescription,
  frameBytes: Uint8Array,
  options: DecodeFrameOptions = {},
): Promise<DecodedFrame> {
  validateImageDescription(desc);
  const decoded = await decodeEncoded(codecForSyntax(desc.transferSyntaxUid), frameBytes, desc);
  const frame = decoded instanceof Uint8Array ? fromNative(decoded, desc, options) : fromCodec(decoded, desc, options);
  if (desc.pixelPaddingValue !== undefined) frame.paddingValue = desc.pixelPaddingValue;
  return frame;
}

function monochromeName(desc: ImagePixelDescription): DecodedPhotometric {
  if (desc.photometric === 'MONOCHROME1' || desc.photometric === 'PALETTE COLOR') return desc.photometric;
  return 'MONOCHROME2';
}

function fromNative(bytes: Uint8Array, desc: ImagePixelDescription, options: DecodeFrameOptions): DecodedFrame {
  const need = nativeFrameLength(desc);
  if (bytes.length < need) {
    throw new PixelDecodeError('TRUNCATED_PIXEL_DATA', `frame has ${bytes.length} bytes, ${need} expected`);
  }
  const base = { width: desc.columns, height: desc.rows, planar: false as const };
  if (desc.bitsAllocated === 1) {
    const count = desc.rows * desc.columns * desc.samplesPerPixel;
    const data = new Uint8Array(count);
    for (let i = 0; i < count; i++) data[i] = (bytes[i >> 3] >> (i & 7)) & 1;
    return { ...base, data, samplesPerPixel: 1, photometric: monochromeName(desc), bitsAllocated: 1, bitsStored: 1, signed: false };
  }
  const bytesPerSample = desc.bitsAllocated / 8;
  if (desc.samplesPerPixel === 3) {
    return { ...base, ...nativeColor(bytes, desc, bytesPerSample) };
  }
  const shift = lowStoredBit(desc);
  return { ...base, ...grayscale(bytes.subarray(0, need), desc, bytesPerSample, shift, desc.bitsStored, options) };
}

type ColorPart = Pick<DecodedFrame, 'data' | 'samplesPerPixel' | 'photometric' | 'bitsAllocated' | 'bitsStored' | 'signed'>;

function nativeColor(bytes: Uint8Array, desc: ImagePixelDescription, bytesPerSample: number): ColorPart {
  const pixels = desc.rows * desc.columns;
  const p = desc.photometric;
  let samples: Uint8Array | Uint16Array | Uint32Array;
  if (p === 'YBR_FULL_422' || p === 'YBR_PARTIAL_422') {
    const packed = unsignedView(bytes.subarray(0, nativeFrameLength(desc)), bytesPerSample);
    samples = bytesPerSample === 1
      ? upsample422(packed as Uint8Array, desc.rows, desc.columns, (n) => new Uint8Array(n))
      : upsample422(packed as Uint16Array, desc.rows, desc.columns, (n) => new Uint16Array(n));
  } else {
    const interleaved = desc.planarConfiguration === 1
      ? interleavePlanes(bytes, pixels, 3, bytesPerSample)
      : bytes.slice(0, pixels * 3 * bytesPerSample);
    samples = unsignedView(interleaved, bytesPerSample);
  }
  return finishColor(samples, p, desc.bitsStored, false);
}

function finishColor(samples: Uint8Array | Uint16Array | Uint32Array, photometric: string, bitsStored: number, codecMadeRgb: boolean): ColorPart {
  const maxValue = samples instanceof Uint8Array ? 255 : Math.min(2 ** bitsStored, 65536) - 1;
  if (!codecMadeRgb && !(samples instanceof Uint32Array)) {
    if (photometric.startsWith('YBR_FULL')) ybrFullToRgb(samples, maxValue);
    else if (photometric.startsWith('YBR_PARTIAL')) ybrPartialToRgb(samples, maxValue);
    else if (photometric !== 'RGB' && photometric !== 'YBR_RCT' && photometric !== 'YBR_ICT') {
      throw cannotDecode(`photometric interpretation ${photometric}`);
    }
  }
  const bits = samples instanceof Uint8Array ? 8 : samples instanceof Uint16Array ? 16 : 32;
  return { data: samples, samplesPerPixel: 3, photometric: 'RGB', bitsAllocated: bits, bitsStored: Math.min(bitsStored, bits), signed: false };
}

function fromCodec(img: CodecImage, desc: ImagePixelDescription, options: DecodeFrameOptions): DecodedFrame {
  if (img.width !== desc.columns || img.height !== desc.rows || img.components !== desc.samplesPerPixel) {
    throw new PixelDecodeError(
      'CODEC_FAILED',
      `codec returned ${img.width}x${img.height}x${img.components}, header says ${desc.columns}x${desc.rows}x${desc.samplesPerPixel}`,
    );
  }
  const containerBytes = Math.max(desc.bitsAllocated / 8, img.bytesPerSample);
  const bytes = widen(img.bytes, img.bytesPerSample, containerBytes);
  const base = { width: img.width, height: img.height, planar: false as const };
  if (desc.samplesPerPixel === 3) {
    const photometric = img.convertedToRgb ? 'RGB' : desc.photometric;
    return { ...base, ...finishColor(unsignedView(bytes, containerBytes), photometric, desc.bitsStored, img.convertedToRgb) };
  }
  // RLE keeps the stored bit layout, like native data; other codecs return right-aligned values
  // at their own precision, which lossy coding can overshoot past Bits Stored: those are clamped,
  // not masked, so a bright pixel does not wrap to black.
  const rle = img.precision === undefined;
  const shift = rle ? lowStoredBit(desc) : 0;
  const bits = rle ? desc.bitsStored : Math.min(Math.max(img.precision ?? 0, desc.bitsStored), containerBytes * 8);
  const gray = grayscale(bytes, desc, containerBytes, shift, bits, options);
  if (!rle && !options.keepUnusedBits && bits > desc.bitsStored) clampToStored(gray.data, desc);
  return { ...base, ...gray, bitsStored: desc.bitsStored };
}

function clampToStored(data: DecodedPixels, desc: ImagePixelDescription): void {
  const signed = desc.pixelRepresentation === 1;
  const max = signed ? 2 ** (desc.bitsStored - 1) - 1 : 2 ** desc.bitsStored - 1;
  const min = signed ? -(2 ** (desc.bitsStored - 1)) : 0;
  for (let i = 0; i < data.length; i++) {
    if (data[i] > max) data[i] = max;
    else if (data[i] < min) data[i] = min;
  }
}

function widen(bytes: Uint8Array, from: number, to: number): Uint8Array {
  if (from === to) return bytes;
  const count = bytes.length / from;
  const out = new Uint8Array(count * to);
  for (let i = 0; i < count; i++) for (let b = 0; b < from; b++) out[i * to + b] = bytes[i * from + b];
  return out;
}

function aligned(bytes: Uint8Array, width: number): Uint8Array {
  return bytes.byteOffset % width === 0 ? bytes : bytes.slice();
}

function unsignedView(bytes: Uint8Array, width: number): Uint8Array | Uint16Array | Uint32Array {
  const a = aligned(bytes, width);
  const n = Math.floor(a.length / width);
  if (width === 1) return a;
  return width === 2 ? new Uint16Array(a.buffer, a.byteOffset, n) : new Uint32Array(a.buffer, a.byteOffset, n);
}

/**
 * Builds the sample array for one-sample data: shifts out bits below the lowest stored bit, masks
 * to `bits` and sign-extends, unless asked to keep the unused bits.
 */
function grayscale(
  bytes: Uint8Array,
  desc: ImagePixelDescription,
  width: number,
  shift: number,
  bits: number,
  options: DecodeFrameOptions,
): ColorPart {
  const signed = desc.pixelRepresentation === 1;
  const common = { samplesPerPixel: 1 as const, photometric: monochromeName(desc), bitsAllocated: width * 8, bitsStored: desc.bitsStored, signed };
  const a = options.adoptBytes && bytes.byteOffset % width === 0 ? bytes : bytes.slice();
  const n = Math.floor(a.length / width);
  const at = a.byteOffset;
  if (width === 4 && desc.floatPixelData) {
    return { ...common, data: new Float32Array(a.buffer, at, n), signed: true, bitsStored: 32 };
  }
  const unsigned: DecodedPixels = width === 1 ? a : width === 2 ? new Uint16Array(a.buffer, at, n) : new Uint32Array(a.buffer, at, n);
  const container = width * 8;
  const out: DecodedPixels = !signed
    ? unsigned
    : width === 1 ? new Int8Array(a.buffer, at, n) : width === 2 ? new Int16Array(a.buffer, at, n) : new Int32Array(a.buffer, at, n);
  if (options.keepUnusedBits || (shift === 0 && bits >= container)) return { ...common, data: out };
  const mask = bits >= 32 ? 0xffffffff : 2 ** bits - 1;
  const extend = 32 - bits;
  for (let i = 0; i < n; i++) {
    const v = ((unsigned[i] >>> shift) & mask) >>> 0;
    // Writing through the signed view stores the two's-complement pattern the container needs.
    out[i] = signed ? (v << extend) >> extend : v;
  }
  return { ...common, data: out };
}
