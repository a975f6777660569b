import type { FileRow, OverlayGroupInfo } from './indexRow';
import type { DicomElement, ParsedDicom } from './types';
import { readAscii, readInteger, readText } from './elementValues';
import { PIXEL_DATA } from './parseDicom';
import { collectIdentifyingValues } from './identifyingValues';
import { TAG } from './dictionary';

/** Header fields the index keeps, by tag (text values decoded in the file's character set). */
const TEXT_FIELDS = {
  sopClassUid: TAG.SOPClassUID,
  sopInstanceUid: TAG.SOPInstanceUID,
  studyUid: TAG.StudyInstanceUID,
  seriesUid: TAG.SeriesInstanceUID,
  frameOfReferenceUid: TAG.FrameOfReferenceUID,
  modality: TAG.Modality,
  seriesNumber: TAG.SeriesNumber,
  instanceNumber: TAG.InstanceNumber,
  specificCharacterSet: TAG.SpecificCharacterSet,
  patientId: TAG.PatientID,
  issuerOfPatientId: TAG.IssuerOfPatientID,
  patientName: TAG.PatientName,
  patientBirthDate: TAG.PatientBirthDate,
  otherPatientIds: TAG.OtherPatientIDs,
  accessionNumber: TAG.AccessionNumber,
  studyDate: TAG.StudyDate,
  seriesDate: TAG.SeriesDate,
  acquisitionDate: TAG.AcquisitionDate,
  contentDate: TAG.ContentDate,
  acquisitionDatetime: TAG.AcquisitionDateTime,
  imageType: TAG.ImageType,
  manufacturer: TAG.Manufacturer,
  manufacturerModel: TAG.ManufacturerModelName,
  photometric: TAG.PhotometricInterpretation,
  burnedInAnnotation: TAG.BurnedInAnnotation,
} as const satisfies Partial<Record<keyof FileRow, number>>;

const INT_FIELDS = {
  rows: TAG.Rows,
  columns: TAG.Columns,
  numberOfFrames: TAG.NumberOfFrames,
  bitsAllocated: TAG.BitsAllocated,
  bitsStored: TAG.BitsStored,
} as const satisfies Partial<Record<keyof FileRow, number>>;

/** The header facts of a parsed file, as a partial index row (path/size/mtime/kind are the scanner's). */
type IndexedHeader = Omit<FileRow, 'path' | 'size' | 'mtimeMs' | 'kind' | 'reason' | 'scannedAt'>;

/** Maps top-level tags to their elements. */
export function topLevelByTag(parsed: ParsedDicom): Map<number, DicomElement> {
  const map = new Map<number, DicomElement>();
  for (const el of parsed.dataset) map.set(el.tag, el);
  return map;
}

/**
 * Extracts the index fields from a parsed file (parsed up to Pixel Data is enough).
 * PatientName and other text are decoded with the file's Specific Character Set.
 */
export function indexHeader(parsed: ParsedDicom): IndexedHeader {
  const src = parsed.datasetSource;
  const le = parsed.transferSyntax.littleEndian;
  const byTag = topLevelByTag(parsed);
  const charsetEl = byTag.get(TEXT_FIELDS.specificCharacterSet);
  const charset = charsetEl ? readAscii(src.read(charsetEl.valueOffset, charsetEl.valueLength)) : undefined;
  const out: IndexedHeader = {};
  for (const [field, tag] of Object.entries(TEXT_FIELDS) as [keyof typeof TEXT_FIELDS, number][]) {
    const el = byTag.get(tag);
    if (!el || el.items) continue;
    out[field] = readText(src, el, charset);
  }
  for (const [field, tag] of Object.entries(INT_FIELDS) as [keyof typeof INT_FIELDS, number][]) {
    const el = byTag.get(tag);
    if (el) out[field] = readInteger(src, el, le) ?? null;
  }
  const sopClassMeta = parsed.meta.find((e) => e.tag === TAG.MediaStorageSOPClassUID);
  if (!out.sopClassUid && sopClassMeta) out.sopClassUid = readAscii(parsed.metaSource.read(sopClassMeta.valueOffset, sopClassMeta.valueLength));
  out.transferSyntax = parsed.transferSyntax.uid;
  out.hasPreamble = parsed.hasPreamble;
  const facts = pixelFactsOf(parsed, byTag);
  out.hasPixelData = facts.hasPixelData;
  out.overlayGroups = facts.overlayGroups;
  out.identifiers = collectIdentifyingValues(parsed);
  return out;
}

/** What the header says of the pixels (the pixel verdict's input), read from a parsed file. */
interface HeaderPixelFacts {
  hasPixelData: boolean;
  sopClassUid: string | null;
  burnedInAnnotation: string | null;
  overlayGroups: OverlayGroupInfo[];
}

const PIXEL_TAGS: readonly number[] = [PIXEL_DATA, TAG.FloatPixelData, TAG.DoubleFloatPixelData];

/**
 * The pixel facts of a parsed file, exactly as the scan index records them (so the writer judges a
 * file by the same fields the tree and the dialog judged its index row by).
 */
export function pixelFactsOf(parsed: ParsedDicom, byTag: ReadonlyMap<number, DicomElement> = topLevelByTag(parsed)): HeaderPixelFacts {
  const src = parsed.datasetSource;
  const text = (tag: number): string | null => {
    const el = byTag.get(tag);
    return el && !el.items ? readText(src, el, undefined) : null;
  };
  const sopClassMeta = parsed.meta.find((e) => e.tag === TAG.MediaStorageSOPClassUID);
  const sopClassUid = text(TEXT_FIELDS.sopClassUid) || (sopClassMeta ? readAscii(parsed.metaSource.read(sopClassMeta.valueOffset, sopClassMeta.valueLength)) : null);
  return {
    hasPixelData: parsed.stoppedAtPixelData || PIXEL_TAGS.some((t) => byTag.has(t)),
    sopClassUid: sopClassUid || null,
    burnedInAnnotation: text(TEXT_FIELDS.burnedInAnnotation),
    overlayGroups: overlayGroups(parsed),
  };
}

/** Overlay planes declared in 60xx groups, with their bit position and whether OverlayData is present. */
function overlayGroups(parsed: ParsedDicom): OverlayGroupInfo[] {
  const groups = new Map<number, OverlayGroupInfo>();
  for (const el of parsed.dataset) {
    const group = el.tag >>> 16;
    if (group < 0x6000 || group > 0x601e || group & 1) continue;
    const info = groups.get(group) ?? { group, bitPosition: 0, hasData: false };
    const element = el.tag & 0xffff;
    if (element === 0x3000 && el.valueLength > 0) info.hasData = true;
    if (element === 0x0102) info.bitPosition = readInteger(parsed.datasetSource, el, parsed.transferSyntax.littleEndian) ?? 0;
    groups.set(group, info);
  }
  return [...groups.values()];
}
