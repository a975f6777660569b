import type { DecodedFrame } from './decodedFrame';
import type { ImagePixelDescription } from './imageDescription';
import { lowStoredBit } from './imageDescription';
import { PixelDecodeError } from './decoders/pixelErrors';
import { limitNamed, limits } from '../dicom/limits';

/** The values of one overlay group (60xx), as read by the caller; absent elements stay undefined. */
export interface OverlayGroupInput {
  /** 0x6000, 0x6002, … 0x601E. */
  group: number;
  rows?: number;
  columns?: number;
  /** Overlay Type (60xx,0040): G graphics or R ROI. */
  type?: string;
  /** Overlay Origin (60xx,0050), 1-based; (1,1) is the top-left image pixel. */
  originRow?: number;
  originColumn?: number;
  bitsAllocated?: number;
  bitPosition?: number;
  numberOfFrames?: number;
  /** Image Frame Origin (60xx,0051), 1-based. */
  imageFrameOrigin?: number;
  /** Overlay Data (60xx,3000), little endian (OW swapped by the caller in Big Endian files). */
  data?: Uint8Array;
}

/** One overlay bit plane for one image frame, clipped to the image. */
export interface OverlayPlane {
  /** Overlay group; 0 for set bits above High Bit that no group declares. */
  group: number;
  /** 0-based image frame the plane belongs to. */
  frame: number;
  rows: number;
  columns: number;
  /** 1-based position of the plane's top-left pixel in the image. */
  originRow: number;
  originColumn: number;
  /** One 0/1 value per pixel, row by row. */
  bits: Uint8Array;
  /** Overlay Data, or bits of the Pixel Data samples. */
  source: 'overlay-data' | 'pixel-data';
  /** Bit position in Pixel Data, for `pixel-data` planes. */
  bitPosition?: number;
  /** What was repaired: short data padded with zeros, clipping to the image. Empty when clean. */
  notes: string[];
}

/**
 * Extracts every overlay plane of an image. Overlay Data is 1-bit packed, little-endian bit order
 * (PS3.5 8.1.2), one overlay frame after another without byte alignment; short data is padded with
 * zeros and planes reaching outside the image are clipped (with a note). Overlays kept in Pixel
 * Data bits (a group without Overlay Data but with a Bit Position, PS3.3 C.9.2 retired usage), and
 * set bits above High Bit that no group declares, are read from `unmaskedFrames`: frames decoded
 * with `keepUnusedBits`, indexed by frame number (missing entries are skipped). A group without
 * Number of Frames in Overlay covers one image frame, Image Frame Origin (default the first).
 */
export function extractOverlays(
  groups: readonly OverlayGroupInput[],
  desc: ImagePixelDescription,
  unmaskedFrames: readonly (DecodedFrame | undefined)[] = [],
): OverlayPlane[] {
  const planes: OverlayPlane[] = [];
  const declaredPixelBits = new Set<number>();
  for (const g of groups) {
    if (g.data && g.data.length > 0) {
      planes.push(...overlayDataPlanes(g, desc));
    } else if (g.bitPosition !== undefined && (g.bitsAllocated ?? 1) > 1 && g.bitPosition < desc.bitsAllocated) {
      declaredPixelBits.add(g.bitPosition);
      unmaskedFrames.forEach((frame, index) => {
        if (frame) planes.push(pixelBitPlane(frame, desc, index, g.bitPosition as number, g.group, g));
      });
    }
  }
  unmaskedFrames.forEach((frame, index) => {
    if (!frame) return;
    for (const bit of undeclaredHighBits(frame, desc)) {
      if (!declaredPixelBits.has(bit)) planes.push(pixelBitPlane(frame, desc, index, bit, 0));
    }
  });
  return planes;
}

function overlayDataPlanes(g: OverlayGroupInput, desc: ImagePixelDescription): OverlayPlane[] {
  const data = g.data as Uint8Array;
  const rows = g.rows ?? desc.rows;
  const columns = g.columns ?? desc.columns;
  const frames = Math.max(1, g.numberOfFrames ?? 1);
  const firstFrame = Math.max(1, g.imageFrameOrigin ?? 1) - 1;
  const perFrame = rows * columns;
  if (perFrame > limits().maxOverlayPixels) {
    throw new PixelDecodeError('OVER_LIMIT', `overlay ${group(g.group)} claims ${columns}x${rows} pixels: ${limitNamed('maxOverlayPixels')}`);
  }
  const notes: string[] = [];
  if (g.rows === undefined || g.columns === undefined) notes.push('overlay rows/columns missing; image size assumed');
  const needBytes = Math.ceil((perFrame * frames) / 8);
  if (data.length < needBytes) {
    notes.push(`Overlay Data has ${data.length} bytes, ${needBytes} needed; missing bits read as 0`);
  }
  // Only the part inside the image is extracted: the work and the buffer are bounded by the
  // image's Rows x Columns, whatever the overlay claims.
  const top = (g.originRow ?? 1) - 1;
  const left = (g.originColumn ?? 1) - 1;
  const r0 = Math.max(0, top);
  const c0 = Math.max(0, left);
  const outRows = Math.max(0, Math.min(desc.rows, top + rows) - r0);
  const outColumns = Math.max(0, Math.min(desc.columns, left + columns) - c0);
  const clipped = r0 !== top || c0 !== left || outRows !== rows || outColumns !== columns;
  if (clipped) {
    const where = `${rows}x${columns} at (${g.originRow ?? 1},${g.originColumn ?? 1})`;
    notes.push(outRows * outColumns === 0 ? `overlay ${where} lies entirely outside the image` : `overlay ${where} clipped to the image`);
  }
  const out: OverlayPlane[] = [];
  for (let k = 0; k < frames; k++) {
    const frame = firstFrame + k;
    if (frame >= desc.numberOfFrames) break;
    const bits = new Uint8Array(outRows * outColumns);
    const start = k * perFrame;
    for (let r = 0; r < outRows; r++) {
      const rowStart = start + (r + r0 - top) * columns + (c0 - left);
      for (let c = 0; c < outColumns; c++) {
        const bit = rowStart + c;
        const byte = bit >> 3;
        bits[r * outColumns + c] = byte < data.length ? (data[byte] >> (bit & 7)) & 1 : 0;
      }
    }
    out.push({
      group: g.group,
      frame,
      rows: outRows,
      columns: outColumns,
      originRow: r0 + 1,
      originColumn: c0 + 1,
      bits,
      source: 'overlay-data',
      notes: [...notes],
    });
  }
  return out;
}

function group(g: number): string {
  return g.toString(16).toUpperCase().padStart(4, '0');
}

function containerMask(desc: ImagePixelDescription): number {
  return desc.bitsAllocated >= 32 ? 0xffffffff : 2 ** desc.bitsAllocated - 1;
}

/** The bit masks `unusedBits` applies, computed once per image rather than per sample. */
interface BitMasks {
  /** Every bit of the container. */
  all: number;
  /** Bits outside [lowest stored bit, High Bit]. */
  extra: number;
  /** Bits above High Bit. */
  above: number;
  highBit: number;
  signed: boolean;
}

function bitMasks(desc: ImagePixelDescription): BitMasks {
  const all = containerMask(desc);
  const stored = (2 ** desc.bitsStored - 1) * 2 ** lowStoredBit(desc);
  return {
    all,
    extra: (all & ~stored) >>> 0,
    above: (all - (2 ** (desc.highBit + 1) - 1)) >>> 0,
    highBit: desc.highBit,
    signed: desc.pixelRepresentation === 1,
  };
}

/**
 * The bits outside [lowest stored bit, High Bit] of one sample, or 0 when they only repeat the
 * sign bit of signed data (sign extension, not an overlay).
 */
function unusedBits(value: number, m: BitMasks): number {
  const raw = (value & m.all) >>> 0;
  const extra = (raw & m.extra) >>> 0;
  if (extra === 0 || !m.signed) return extra;
  const negative = (raw >>> m.highBit) & 1;
  const highPart = (raw & m.above) >>> 0;
  const lowPart = (extra & ~m.above & m.all) >>> 0;
  if (highPart === (negative ? m.above : 0)) return lowPart;
  return extra;
}

/**
 * True when any sample of an unmasked frame (decoded with `keepUnusedBits`) has bits set outside
 * Bits Stored, which for native data usually means overlays kept in Pixel Data. Sign extension of
 * signed data does not count. Always false for a masked frame, colour or 1-bit data.
 */
export function highBitsInUse(frame: DecodedFrame, desc: ImagePixelDescription): boolean {
  if (!isIntegerGray(frame, desc)) return false;
  const m = bitMasks(desc);
  const data = frame.data;
  if (!m.signed) {
    // Unsigned data: any bit outside the stored ones counts (one mask test per sample).
    for (let i = 0; i < data.length; i++) if ((data[i] & m.extra) !== 0) return true;
    return false;
  }
  for (let i = 0; i < data.length; i++) if ((data[i] & m.extra) !== 0 && unusedBits(data[i], m) !== 0) return true;
  return false;
}

function isIntegerGray(frame: DecodedFrame, desc: ImagePixelDescription): boolean {
  return frame.samplesPerPixel === 1 && frame.bitsAllocated >= 8 && !(frame.data instanceof Float32Array) && desc.bitsStored < desc.bitsAllocated;
}

function undeclaredHighBits(frame: DecodedFrame, desc: ImagePixelDescription): number[] {
  if (!isIntegerGray(frame, desc)) return [];
  const m = bitMasks(desc);
  let seen = 0;
  for (let i = 0; i < frame.data.length; i++) if ((frame.data[i] & m.extra) !== 0) seen = (seen | unusedBits(frame.data[i], m)) >>> 0;
  const bits: number[] = [];
  for (let b = desc.highBit + 1; b < desc.bitsAllocated; b++) if ((seen >>> b) & 1) bits.push(b);
  return bits;
}

function pixelBitPlane(
  frame: DecodedFrame,
  desc: ImagePixelDescription,
  index: number,
  bit: number,
  group: number,
  g?: OverlayGroupInput,
): OverlayPlane {
  const bits = new Uint8Array(frame.width * frame.height);
  const m = bitMasks(desc);
  // A declared bit is read as stored; an undeclared one only where it is not sign extension.
  for (let i = 0; i < bits.length; i++) {
    const value = group === 0 ? unusedBits(frame.data[i], m) : (frame.data[i] & m.all) >>> 0;
    bits[i] = (value >>> bit) & 1;
  }
  const plane: OverlayPlane = {
    group,
    frame: index,
    rows: frame.height,
    columns: frame.width,
    originRow: 1,
    originColumn: 1,
    bits,
    source: 'pixel-data',
    bitPosition: bit,
    notes: group === 0 ? [`bit ${bit} above High Bit is set but no overlay group declares it`] : [],
  };
  if (g && (g.rows ?? frame.height) !== frame.height) plane.notes.push('overlay rows differ from the image; image size used');
  return plane;
}
