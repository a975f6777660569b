import type { FileRow, OverlayGroupInfo } from './indexRow';
import type { DicomElement, ParsedDicom } from './types';
import { readAscii, readInteger, readText } from './elementValues';
import { PIXEL_DATA } from './parseDicom';
import { collectIdentifyingValues } from './identifyingValues';

/** Header fields the index keeps, by tag (text values decoded in the file's character set). */
const TEXT_FIELDS = {
  sopClassUid: 0x00080016,
  sopInstanceUid: 0x00080018,
  studyUid: 0x0020000d,
  seriesUid: 0x0020000e,
  frameOfReferenceUid: 0x00200052,
  modality: 0x00080060,
  seriesNumber: 0x00200011,
  instanceNumber: 0x00200013,
  specificCharacterSet: 0x00080005,
  patientId: 0x00100020,
  issuerOfPatientId: 0x00100021,
  patientName: 0x00100010,
  patientBirthDate: 0x00100030,
  otherPatientIds: 0x00101000,
  accessionNumber: 0x00080050,
  studyDate: 0x00080020,
  seriesDate: 0x00080021,
  acquisitionDate: 0x00080022,
  contentDate: 0x00080023,
  acquisitionDatetime: 0x0008002a,
  imageType: 0x00080008,
  manufacturer: 0x00080070,
  manufacturerModel: 0x00081090,
  photometric: 0x00280004,
  burnedInAnnotation: 0x00280301,
} as const satisfies Partial<Record<keyof FileRow, number>>;

const INT_FIELDS = {
  rows: 0x00280010,
  columns: 0x00280011,
  numberOfFrames: 0x00280008,
  bitsAllocated: 0x00280100,
  bitsStored: 0x00280101,
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
  const sopClassMeta = parsed.meta.find((e) => e.tag === 0x00020002);
  if (!out.sopClassUid && sopClassMeta) out.sopClassUid = readAscii(parsed.metaSource.read(sopClassMeta.valueOffset, sopClassMeta.valueLength));
  out.transferSyntax = parsed.transferSyntax.uid;
  out.hasPreamble = parsed.hasPreamble;
  out.hasPixelData = parsed.stoppedAtPixelData || byTag.has(PIXEL_DATA);
  out.overlayGroups = overlayGroups(parsed);
  out.identifiers = collectIdentifyingValues(parsed);
  return out;
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
