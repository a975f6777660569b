import { readAscii, readInteger, readUint16 } from '../dicom/elementValues';
import type { ByteSource, DicomElement, ParsedDicom } from '../dicom/types';
import { frameFragments, nativeFrame, readFrameFragments } from './frames';
import type { ImagePixelDescription, PaletteLut } from './imageDescription';
import type { OverlayGroupInput } from './overlays';
import { PixelDecodeError } from './decoders/pixelErrors';
import { TAG } from '../dicom/dictionary';

const FLOAT_PIXEL_DATA = TAG.FloatPixelData;
const DOUBLE_PIXEL_DATA = TAG.DoubleFloatPixelData;
const PIXEL_DATA = TAG.PixelData;

/** An image's pixels located in its parsed file, with what decoding and overlay extraction need. */
export interface LocatedPixels {
  desc: ImagePixelDescription;
  /** The Pixel Data (or Float Pixel Data) element. */
  pixel: DicomElement;
  source: ByteSource;
  /** Every 60xx overlay group, Overlay Data read and little endian. */
  overlays: OverlayGroupInput[];
  /** The encoded bytes of frame `index` (native frames little endian), one frame in memory at a time. */
  frameBytes(index: number): Uint8Array;
}

/**
 * Reads the Image Pixel module of a fully parsed file (not stopped at Pixel Data) into the
 * description the decoders take, locates Pixel Data and reads the overlay groups. Undefined when
 * the file has no pixels; Double Float Pixel Data is refused with `CANNOT_DECODE`.
 */
export function locatePixels(parsed: ParsedDicom): LocatedPixels | undefined {
  const src = parsed.datasetSource;
  const le = parsed.transferSyntax.littleEndian;
  const byTag = new Map<number, DicomElement>();
  for (const el of parsed.dataset) byTag.set(el.tag, el);
  const pixel = byTag.get(PIXEL_DATA) ?? byTag.get(FLOAT_PIXEL_DATA);
  if (!pixel) {
    if (byTag.has(DOUBLE_PIXEL_DATA)) throw new PixelDecodeError('CANNOT_DECODE', 'cannot decode Double Float Pixel Data');
    return undefined;
  }
  const int = (tag: number): number | undefined => {
    const el = byTag.get(tag);
    return el ? readInteger(src, el, le) : undefined;
  };
  const decimal = (tag: number): number | undefined => {
    const el = byTag.get(tag);
    if (!el || el.valueLength === 0) return undefined;
    const first = readAscii(src.read(el.valueOffset, el.valueLength)).split('\\')[0].trim();
    const n = first === '' ? NaN : Number(first);
    return Number.isFinite(n) ? n : undefined;
  };
  const signed = int(TAG.PixelRepresentation) === 1;
  const palette = (descTag: number, dataTag: number, segTag: number): PaletteLut | undefined => {
    const d = byTag.get(descTag);
    if (!d) return undefined;
    const first = readUint16(src, d, le, 1) ?? 0;
    const data = byTag.get(dataTag);
    const seg = byTag.get(segTag);
    return {
      entries: readUint16(src, d, le, 0) ?? 0,
      firstMapped: signed ? (first << 16) >> 16 : first,
      bitsPerEntry: readUint16(src, d, le, 2) ?? 16,
      data: data ? littleEndianWords(src.read(data.valueOffset, data.valueLength), le) : undefined,
      segmentedData: seg ? littleEndianWords(src.read(seg.valueOffset, seg.valueLength), le) : undefined,
    };
  };
  const photometricEl = byTag.get(TAG.PhotometricInterpretation);
  const desc: ImagePixelDescription = {
    rows: int(TAG.Rows) ?? 0,
    columns: int(TAG.Columns) ?? 0,
    samplesPerPixel: int(TAG.SamplesPerPixel) ?? 1,
    bitsAllocated: int(TAG.BitsAllocated) ?? 0,
    bitsStored: int(TAG.BitsStored) ?? int(TAG.BitsAllocated) ?? 0,
    highBit: int(TAG.HighBit) ?? (int(TAG.BitsStored) ?? 1) - 1,
    pixelRepresentation: signed ? 1 : 0,
    photometric: (photometricEl ? readAscii(src.read(photometricEl.valueOffset, photometricEl.valueLength)) : 'MONOCHROME2').toUpperCase(),
    planarConfiguration: int(TAG.PlanarConfiguration) === 1 ? 1 : 0,
    numberOfFrames: Math.max(1, int(TAG.NumberOfFrames) ?? 1),
    transferSyntaxUid: parsed.transferSyntax.uid,
    redPalette: palette(TAG.RedPaletteColorLookupTableDescriptor, TAG.RedPaletteColorLookupTableData, TAG.SegmentedRedPaletteColorLookupTableData),
    greenPalette: palette(TAG.GreenPaletteColorLookupTableDescriptor, TAG.GreenPaletteColorLookupTableData, TAG.SegmentedGreenPaletteColorLookupTableData),
    bluePalette: palette(TAG.BluePaletteColorLookupTableDescriptor, TAG.BluePaletteColorLookupTableData, TAG.SegmentedBluePaletteColorLookupTableData),
    windowCenter: decimal(TAG.WindowCenter),
    windowWidth: decimal(TAG.WindowWidth),
    rescaleIntercept: decimal(TAG.RescaleIntercept),
    rescaleSlope: decimal(TAG.RescaleSlope),
    pixelPaddingValue: int(TAG.PixelPaddingValue),
    floatPixelData: pixel.tag === FLOAT_PIXEL_DATA,
    pixelDataVr: pixel.vr,
  };
  if (desc.floatPixelData) {
    desc.bitsAllocated = 32;
    desc.bitsStored = 32;
    desc.highBit = 31;
  }
  let groups: ReturnType<typeof frameFragments> | undefined;
  const frameBytes = (index: number): Uint8Array => {
    if (!pixel.fragments) return nativeFrame(src, pixel.valueOffset, desc, index, pixel.valueLength);
    groups ??= frameFragments(pixel.fragments, desc.numberOfFrames, src);
    const group = groups[index];
    if (!group) throw new PixelDecodeError('NO_SUCH_FRAME', `frame ${index} not found among ${groups.length} encoded frames`);
    return readFrameFragments(group, src);
  };
  return { desc, pixel, source: src, overlays: readOverlayGroups(parsed), frameBytes };
}

/** The overlay groups (60xx) of a data set, as the overlay extractor takes them. */
export function readOverlayGroups(parsed: ParsedDicom): OverlayGroupInput[] {
  const src = parsed.datasetSource;
  const le = parsed.transferSyntax.littleEndian;
  const groups = new Map<number, Map<number, DicomElement>>();
  for (const el of parsed.dataset) {
    const group = el.tag >>> 16;
    if (group < 0x6000 || group > 0x601e || group & 1) continue;
    const elements = groups.get(group) ?? new Map<number, DicomElement>();
    elements.set(el.tag & 0xffff, el);
    groups.set(group, elements);
  }
  const out: OverlayGroupInput[] = [];
  for (const [group, elements] of groups) {
    const int = (element: number, index = 0): number | undefined => {
      const el = elements.get(element);
      if (!el) return undefined;
      if (index === 0) return readInteger(src, el, le);
      return readUint16(src, el, le, index);
    };
    const origin = elements.get(0x0050);
    const data = elements.get(0x3000);
    const type = elements.get(0x0040);
    out.push({
      group,
      rows: int(0x0010),
      columns: int(0x0011),
      type: type ? readAscii(src.read(type.valueOffset, type.valueLength)) : undefined,
      originRow: origin ? signedWord(readUint16(src, origin, le, 0)) : undefined,
      originColumn: origin ? signedWord(readUint16(src, origin, le, 1)) : undefined,
      bitsAllocated: int(0x0100),
      bitPosition: int(0x0102),
      numberOfFrames: int(0x0015),
      imageFrameOrigin: int(0x0051),
      data: data && data.valueLength > 0 ? overlayBytes(src.read(data.valueOffset, data.valueLength), data.vr, le) : undefined,
    });
  }
  return out.sort((a, b) => a.group - b.group);
}

/** Overlay Origin is SS: read as a word, sign-extended. */
function signedWord(v: number | undefined): number | undefined {
  return v === undefined ? undefined : (v << 16) >> 16;
}

/** Overlay Data as OW in a big-endian file is word-swapped; the extractor wants little-endian bit order. */
function overlayBytes(bytes: Uint8Array, vr: string, le: boolean): Uint8Array {
  if (le || vr === 'OB') return bytes.slice();
  return littleEndianWords(bytes, false);
}

/** LUT data are OW: big-endian files hold them byte-swapped, the decoders want little endian. */
function littleEndianWords(bytes: Uint8Array, le: boolean): Uint8Array {
  if (le) return bytes;
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    out[i] = bytes[i + 1];
    out[i + 1] = bytes[i];
  }
  return out;
}
