/**
 * The scan index's model: what one scanned path is, and the header values the index keeps of it.
 * Produced by `readFileHeader`, stored by `db/filesRepo`.
 */
import type { IdentifyingValues } from './identifyingValues';

/** What a scanned path turned out to be. */
type FileKind = 'dicom' | 'dicomdir' | 'non-dicom' | 'error';

/** An overlay plane found in a file's header (group 60xx). */
export interface OverlayGroupInfo {
  /** The overlay group, e.g. 0x6000 = 24576. */
  group: number;
  /** Overlay Bit Position (60xx,0102). */
  bitPosition: number;
  /** True when the group holds Overlay Data (60xx,3000); false when it lives in pixel bits. */
  hasData: boolean;
}

/**
 * One row of the scan index, filled by the scanner. Header fields are the raw (trimmed) values of
 * the attributes they name; omitted or `null` when the file lacks them.
 */
export interface FileRow {
  /** Absolute path. */
  path: string;
  size: number | null;
  mtimeMs: number | null;
  kind: FileKind;
  /** Why the file is not DICOM, or the parse error. */
  reason?: string | null;
  /** ISO 8601 time of the scan; the time of the upsert when omitted. */
  scannedAt?: string | null;
  sopClassUid?: string | null;
  sopInstanceUid?: string | null;
  studyUid?: string | null;
  seriesUid?: string | null;
  frameOfReferenceUid?: string | null;
  modality?: string | null;
  seriesNumber?: string | null;
  instanceNumber?: string | null;
  specificCharacterSet?: string | null;
  patientId?: string | null;
  issuerOfPatientId?: string | null;
  patientName?: string | null;
  patientBirthDate?: string | null;
  otherPatientIds?: string | null;
  accessionNumber?: string | null;
  studyDate?: string | null;
  seriesDate?: string | null;
  acquisitionDate?: string | null;
  contentDate?: string | null;
  acquisitionDatetime?: string | null;
  imageType?: string | null;
  manufacturer?: string | null;
  manufacturerModel?: string | null;
  rows?: number | null;
  columns?: number | null;
  numberOfFrames?: number | null;
  bitsAllocated?: number | null;
  bitsStored?: number | null;
  photometric?: string | null;
  transferSyntax?: string | null;
  burnedInAnnotation?: string | null;
  overlayGroups?: OverlayGroupInfo[] | null;
  hasPixelData?: boolean | null;
  hasPreamble?: boolean | null;
  /** Names, IDs, dates, institutions and addresses found anywhere in the header (for pixel-text matching). */
  identifiers?: IdentifyingValues | null;
}
