import type { FileRow } from '../dicom/indexRow';

export type { FileRow } from '../dicom/indexRow';


/** A {@link FileRow} as read back: every field present (null when absent) plus its row id. */
export type StoredFileRow = { id: number } & { [K in keyof FileRow]-?: Exclude<FileRow[K], undefined> };

/** How a {@link FileRow} field is stored. */
type ColumnType = 'text' | 'int' | 'bool' | 'json';

/**
 * The column behind each field: one table drives the upsert, the select and the conversions,
 * so adding a column touches one line here plus a migration.
 */
export const FILE_COLUMNS = {
  path: ['path', 'text'],
  size: ['size', 'int'],
  mtimeMs: ['mtime_ms', 'int'],
  kind: ['kind', 'text'],
  reason: ['reason', 'text'],
  scannedAt: ['scanned_at', 'text'],
  sopClassUid: ['sop_class_uid', 'text'],
  sopInstanceUid: ['sop_instance_uid', 'text'],
  studyUid: ['study_uid', 'text'],
  seriesUid: ['series_uid', 'text'],
  frameOfReferenceUid: ['frame_of_reference_uid', 'text'],
  modality: ['modality', 'text'],
  seriesNumber: ['series_number', 'text'],
  instanceNumber: ['instance_number', 'text'],
  specificCharacterSet: ['specific_character_set', 'text'],
  patientId: ['patient_id', 'text'],
  issuerOfPatientId: ['issuer_of_patient_id', 'text'],
  patientName: ['patient_name', 'text'],
  patientBirthDate: ['patient_birth_date', 'text'],
  otherPatientIds: ['other_patient_ids', 'text'],
  accessionNumber: ['accession_number', 'text'],
  studyDate: ['study_date', 'text'],
  seriesDate: ['series_date', 'text'],
  acquisitionDate: ['acquisition_date', 'text'],
  contentDate: ['content_date', 'text'],
  acquisitionDatetime: ['acquisition_datetime', 'text'],
  imageType: ['image_type', 'text'],
  manufacturer: ['manufacturer', 'text'],
  manufacturerModel: ['manufacturer_model', 'text'],
  rows: ['rows', 'int'],
  columns: ['columns', 'int'],
  numberOfFrames: ['number_of_frames', 'int'],
  bitsAllocated: ['bits_allocated', 'int'],
  bitsStored: ['bits_stored', 'int'],
  photometric: ['photometric', 'text'],
  transferSyntax: ['transfer_syntax', 'text'],
  burnedInAnnotation: ['burned_in_annotation', 'text'],
  overlayGroups: ['overlay_groups', 'json'],
  hasPixelData: ['has_pixel_data', 'bool'],
  hasPreamble: ['has_preamble', 'bool'],
  identifiers: ['identifiers', 'json'],
} as const satisfies { [K in keyof FileRow]-?: readonly [string, ColumnType] };

/** SQLite values as bound and read by better-sqlite3. */
export type SqlValue = string | number | bigint | Buffer | null;

const FIELDS = Object.keys(FILE_COLUMNS) as (keyof FileRow)[];

/** Turns a row into named parameters keyed by column name. */
export function toParams(row: FileRow, now: string): Record<string, SqlValue> {
  const params: Record<string, SqlValue> = {};
  for (const field of FIELDS) {
    const [column, type] = FILE_COLUMNS[field];
    const value = row[field];
    if (value === undefined || value === null) {
      params[column] = field === 'scannedAt' ? now : null;
    } else if (type === 'bool') {
      params[column] = value ? 1 : 0;
    } else if (type === 'json') {
      params[column] = JSON.stringify(value);
    } else {
      params[column] = value as string | number;
    }
  }
  return params;
}

/** Turns a selected row (keyed by column name) back into a {@link StoredFileRow}. */
export function fromColumns(record: Record<string, SqlValue>): StoredFileRow {
  const out: Record<string, unknown> = { id: record.id };
  for (const field of FIELDS) {
    const [column, type] = FILE_COLUMNS[field];
    const value = record[column];
    if (value === null || value === undefined) out[field] = null;
    else if (type === 'bool') out[field] = value === 1;
    else if (type === 'json') out[field] = JSON.parse(String(value)) as unknown;
    else out[field] = value;
  }
  return out as StoredFileRow;
}

/** The column list in field order, for SQL text. */
export const FILE_COLUMN_NAMES: readonly string[] = FIELDS.map((f) => FILE_COLUMNS[f][0]);
