import type { ByteSource, Fragment } from '../dicom/types';
import type { ImagePixelDescription } from './imageDescription';
import { nativeFrameBits, validateImageDescription } from './imageDescription';
import { PixelDecodeError } from './decoders/pixelErrors';

const EXPLICIT_BIG_ENDIAN = '1.2.840.10008.1.2.2';

/**
 * Reads frame `index` of native (uncompressed) Pixel Data starting at `pixelOffset`, returned as
 * a fresh little-endian byte array. Explicit VR Big Endian data are byte-swapped per sample
 * (16- and 32-bit words; 8-bit data only when Pixel Data is OW). 1-bit frames are not byte aligned
 * in multi-frame data (PS3.5 8.1.1), so they are shifted to start at bit 0 of the result.
 * `pixelLength` (the Pixel Data value length) bounds the read when given.
 */
export function nativeFrame(
  source: ByteSource,
  pixelOffset: number,
  desc: ImagePixelDescription,
  index: number,
  pixelLength?: number,
): Uint8Array {
  validateImageDescription(desc);
  if (!Number.isInteger(index) || index < 0 || index >= desc.numberOfFrames) {
    throw new PixelDecodeError('NO_SUCH_FRAME', `frame ${index} requested of ${desc.numberOfFrames}`);
  }
  const frameBits = nativeFrameBits(desc);
  const startBit = frameBits * index;
  const start = pixelOffset + Math.floor(startBit / 8);
  const shift = startBit % 8;
  const outLength = Math.ceil(frameBits / 8);
  const readLength = Math.ceil((shift + frameBits) / 8);
  const limit = Math.min(source.size, pixelLength === undefined ? Infinity : pixelOffset + pixelLength);
  if (start + readLength > limit) {
    throw new PixelDecodeError(
      'TRUNCATED_PIXEL_DATA',
      `frame ${index} needs bytes ${start}..${start + readLength} but Pixel Data ends at ${limit}`,
    );
  }
  const raw = desc.transferSyntaxUid === EXPLICIT_BIG_ENDIAN && desc.bitsAllocated === 8 && desc.pixelDataVr === 'OW'
    ? readSwappedOwBytes(source, pixelOffset, start, readLength, limit)
    : source.read(start, readLength);
  const out = new Uint8Array(outLength);
  if (shift === 0) {
    out.set(raw.subarray(0, outLength));
  } else {
    // Little-endian bit order: pixel n is bit n%8 of byte n/8, so a frame starting mid-byte
    // takes the high bits of one byte and the low bits of the next.
    for (let i = 0; i < outLength; i++) {
      out[i] = ((raw[i] >> shift) | ((raw[i + 1] ?? 0) << (8 - shift))) & 0xff;
    }
  }
  // The last byte of a 1-bit frame may hold the next frame's first pixels.
  const tailBits = frameBits % 8;
  if (tailBits !== 0) out[outLength - 1] &= (1 << tailBits) - 1;
  if (desc.transferSyntaxUid === EXPLICIT_BIG_ENDIAN) swapToLittleEndian(out, desc.bitsAllocated / 8);
  return out;
}

/**
 * 8-bit samples in a big-endian OW value are swapped in 16-bit words counted from the start of
 * Pixel Data, so a frame at an odd offset or of odd length needs its neighbours (or the padding
 * byte) to be swapped back.
 */
function readSwappedOwBytes(source: ByteSource, pixelOffset: number, start: number, length: number, limit: number): Uint8Array {
  const from = start - ((start - pixelOffset) % 2);
  const to = start + length + ((start + length - pixelOffset) % 2);
  const words = new Uint8Array(to - from);
  words.set(source.read(from, Math.min(to, limit, source.size) - from));
  swapToLittleEndian(words, 2);
  return words.subarray(start - from, start - from + length);
}

function swapToLittleEndian(bytes: Uint8Array, width: number): void {
  if (width === 2) {
    for (let i = 0; i + 1 < bytes.length; i += 2) {
      const t = bytes[i];
      bytes[i] = bytes[i + 1];
      bytes[i + 1] = t;
    }
  } else if (width === 4) {
    for (let i = 0; i + 3 < bytes.length; i += 4) {
      const a = bytes[i];
      const b = bytes[i + 1];
      bytes[i] = bytes[i + 3];
      bytes[i + 1] = bytes[i + 2];
      bytes[i + 2] = b;
      bytes[i + 3] = a;
    }
  }
}

/** Extended Offset Table (7FE0,0001) and Lengths (7FE0,0002) as 64-bit values. */
interface ExtendedOffsetTable {
  /** Byte offset of each frame's first item tag, from the first fragment's item tag. */
  offsets: readonly bigint[] | BigUint64Array;
  /** Not needed to split frames (each ends where the next starts); accepted for completeness. */
  lengths?: readonly bigint[] | BigUint64Array;
}

/**
 * Groups the fragments of encapsulated Pixel Data into frames (PS3.5 A.4), without reading the
 * fragments' content except their first bytes when markers must be searched. `fragments[0]` is the
 * Basic Offset Table item. In order: the Extended Offset Table when given; the Basic Offset Table
 * when not empty and consistent with the fragment positions; all fragments as one frame when there
 * is one frame; one frame per fragment when the counts agree; otherwise a new frame at each
 * fragment that starts with a JPEG SOI (FFD8, also JPEG-LS) or a JPEG 2000 SOC+SIZ (FF4F FF51).
 * The result can hold fewer or more frames than `numberOfFrames` when the data disagree with it.
 */
export function frameFragments(
  fragments: readonly Fragment[],
  numberOfFrames: number,
  source: ByteSource,
  extended?: ExtendedOffsetTable,
): Fragment[][] {
  const items = fragments.slice(1);
  if (items.length === 0) return [];
  const firstItemTag = items[0].offset - 8;
  const byItemOffset = (offsets: readonly number[]): Fragment[][] | undefined => {
    const starts = offsets.map((o) => items.findIndex((f) => f.offset - 8 - firstItemTag === o));
    if (starts.some((s, i) => s < 0 || (i > 0 && s <= starts[i - 1]))) return undefined;
    return starts.map((s, i) => items.slice(s, i + 1 < starts.length ? starts[i + 1] : items.length));
  };
  if (extended && extended.offsets.length > 0) {
    const grouped = byItemOffset(Array.from(extended.offsets, Number));
    if (grouped) return grouped;
  }
  const bot = fragments[0];
  if (bot && bot.length >= 4 && bot.length % 4 === 0) {
    const table = source.read(bot.offset, bot.length);
    const view = new DataView(table.buffer, table.byteOffset, table.byteLength);
    const offsets: number[] = [];
    for (let i = 0; i < bot.length; i += 4) offsets.push(view.getUint32(i, true));
    const grouped = byItemOffset(offsets);
    if (grouped) return grouped;
  }
  if (numberOfFrames <= 1) return [items];
  if (items.length === numberOfFrames) return items.map((f) => [f]);
  const groups: Fragment[][] = [];
  for (const f of items) {
    if (groups.length === 0 || startsFrame(source, f)) groups.push([f]);
    else groups[groups.length - 1].push(f);
  }
  return groups;
}

function startsFrame(source: ByteSource, f: Fragment): boolean {
  if (f.length < 4) return false;
  const b = source.read(f.offset, 4);
  const jpeg = b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
  const j2k = b[0] === 0xff && b[1] === 0x4f && b[2] === 0xff && b[3] === 0x51;
  return jpeg || j2k;
}

/** Concatenates the fragments of one frame into one byte array. */
export function readFrameFragments(group: readonly Fragment[], source: ByteSource): Uint8Array {
  if (group.length === 1) return source.read(group[0].offset, group[0].length).slice();
  const total = group.reduce((n, f) => n + f.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const f of group) {
    out.set(source.read(f.offset, f.length), at);
    at += f.length;
  }
  return out;
}

/**
 * The encoded bytes of every frame of encapsulated Pixel Data; see {@link frameFragments} for how
 * fragments are assigned to frames. Prefer `frameFragments` + `readFrameFragments` to hold only
 * one frame in memory at a time.
 */
export function encapsulatedFrames(
  fragments: readonly Fragment[],
  numberOfFrames: number,
  source: ByteSource,
  extended?: ExtendedOffsetTable,
): Uint8Array[] {
  return frameFragments(fragments, numberOfFrames, source, extended).map((g) => readFrameFragments(g, source));
}
