/**
 * Test support: reads a corpus file with dicom-parser into the plain inputs this module takes,
 * so the pixel tests do not depend on the project's own parser.
 */
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import dicomParser from 'dicom-parser';
import type { ByteSource, Fragment } from '../../../src/main/dicom/types';
import type { ImagePixelDescription, PaletteLut } from '../../../src/main/pixels/imageDescription';
import type { OverlayGroupInput } from '../../../src/main/pixels/overlays';

/** What a test needs to extract frames and overlays from one file. */
export interface CorpusImage {
  desc: ImagePixelDescription;
  source: ByteSource;
  pixelOffset: number;
  pixelLength: number;
  /** Encapsulated Pixel Data: Basic Offset Table item first, then the fragments. */
  fragments?: Fragment[];
  overlays: OverlayGroupInput[];
}

function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read(position: number, length: number): Uint8Array {
      if (position < 0 || position + length > bytes.length) throw new RangeError(`read ${position}+${length} of ${bytes.length}`);
      return bytes.subarray(position, position + length);
    },
  };
}

function inflater(arr: Uint8Array, position: number): Uint8Array {
  const inflated = inflateRawSync(arr.subarray(position));
  const out = new Uint8Array(position + inflated.length);
  out.set(arr.subarray(0, position));
  out.set(inflated, position);
  return out;
}

/** Reads `path` and returns its Image Pixel description, Pixel Data location and overlay groups. */
export function readCorpusImage(path: string): CorpusImage {
  const file = new Uint8Array(readFileSync(path));
  let ds: dicomParser.DataSet;
  try {
    ds = dicomParser.parseDicom(file, { inflater } as dicomParser.ParseDicomOptions);
  } catch {
    // No preamble or file meta: a bare Implicit VR Little Endian data set.
    ds = dicomParser.parseDicom(file, { TransferSyntaxUID: '1.2.840.10008.1.2' } as dicomParser.ParseDicomOptions);
  }
  const bytes = ds.byteArray as Uint8Array;
  const tsUid = (ds.string('x00020010') ?? '1.2.840.10008.1.2').trim();
  const signed = (ds.uint16('x00280103') ?? 0) === 1;
  const palette = (color: 'x1201' | 'x1202' | 'x1203', descTag: string, segTag: string): PaletteLut | undefined => {
    const d = ds.elements[descTag];
    if (!d) return undefined;
    const data = ds.elements[`x0028${color.slice(1)}`];
    const seg = ds.elements[segTag];
    return {
      entries: ds.uint16(descTag, 0) ?? 0,
      firstMapped: signed ? (ds.int16(descTag, 1) ?? 0) : (ds.uint16(descTag, 1) ?? 0),
      bitsPerEntry: ds.uint16(descTag, 2) ?? 16,
      data: data ? bytes.subarray(data.dataOffset, data.dataOffset + data.length) : undefined,
      segmentedData: seg ? bytes.subarray(seg.dataOffset, seg.dataOffset + seg.length) : undefined,
    };
  };
  const floatEl = ds.elements.x7fe00008;
  const pixel = ds.elements.x7fe00010 ?? floatEl;
  const num = (tag: string): number | undefined => {
    const s = ds.string(tag);
    return s === undefined || s.trim() === '' ? undefined : Number(s.split('\\')[0]);
  };
  const desc: ImagePixelDescription = {
    rows: ds.uint16('x00280010') ?? 0,
    columns: ds.uint16('x00280011') ?? 0,
    samplesPerPixel: ds.uint16('x00280002') ?? 1,
    bitsAllocated: ds.uint16('x00280100') ?? 0,
    bitsStored: ds.uint16('x00280101') ?? 0,
    highBit: ds.uint16('x00280102') ?? 0,
    pixelRepresentation: signed ? 1 : 0,
    photometric: (ds.string('x00280004') ?? 'MONOCHROME2').trim(),
    planarConfiguration: (ds.uint16('x00280006') ?? 0) === 1 ? 1 : 0,
    numberOfFrames: Math.max(1, Number(ds.string('x00280008') ?? '1') || 1),
    transferSyntaxUid: tsUid,
    redPalette: palette('x1201', 'x00281101', 'x00281221'),
    greenPalette: palette('x1202', 'x00281102', 'x00281222'),
    bluePalette: palette('x1203', 'x00281103', 'x00281223'),
    windowCenter: num('x00281050'),
    windowWidth: num('x00281051'),
    rescaleSlope: num('x00281053'),
    rescaleIntercept: num('x00281052'),
    floatPixelData: pixel === floatEl && floatEl !== undefined,
    pixelDataVr: pixel?.vr,
  };
  let fragments: Fragment[] | undefined;
  if (pixel?.encapsulatedPixelData && pixel.fragments) {
    const bot = pixel.basicOffsetTable ?? [];
    fragments = [
      { offset: pixel.dataOffset + 8, length: bot.length * 4 },
      ...pixel.fragments.map((f) => ({ offset: f.position, length: f.length })),
    ];
  }
  const overlays: OverlayGroupInput[] = [];
  for (let g = 0x6000; g <= 0x601e; g += 2) {
    const hex = g.toString(16);
    const tag = (e: string): string => `x${hex}${e}`;
    if (!Object.keys(ds.elements).some((k) => k.startsWith(`x${hex}`))) continue;
    const data = ds.elements[tag('3000')];
    overlays.push({
      group: g,
      rows: ds.uint16(tag('0010')),
      columns: ds.uint16(tag('0011')),
      type: ds.string(tag('0040')),
      originRow: ds.elements[tag('0050')] ? ds.int16(tag('0050'), 0) : undefined,
      originColumn: ds.elements[tag('0050')] ? ds.int16(tag('0050'), 1) : undefined,
      bitsAllocated: ds.uint16(tag('0100')),
      bitPosition: ds.uint16(tag('0102')),
      numberOfFrames: ds.string(tag('0015')) ? Number(ds.string(tag('0015'))) : undefined,
      imageFrameOrigin: ds.uint16(tag('0051')),
      data: data ? bytes.subarray(data.dataOffset, data.dataOffset + data.length) : undefined,
    });
  }
  return {
    desc,
    source: bytesSource(bytes),
    pixelOffset: pixel?.dataOffset ?? 0,
    pixelLength: pixel?.length ?? 0,
    fragments,
    overlays,
  };
}
