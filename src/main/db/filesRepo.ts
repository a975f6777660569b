import path from 'node:path';
import type { AppDatabase } from './database';
import {
  FILE_COLUMN_NAMES,
  type FileRow,
  fromColumns,
  type SqlValue,
  type StoredFileRow,
  toParams,
} from './fileRow';

export type { FileRow } from './fileRow';

/** Size and modification time recorded for a path, to skip files unchanged since the last scan. */
interface FileStat {
  size: number | null;
  mtimeMs: number | null;
  /** The row's kind: an `error` row is read again whatever its size and mtime. */
  kind?: string;
}

const quoted = FILE_COLUMN_NAMES.map((c) => `"${c}"`);
const UPSERT_SQL = `INSERT INTO files (${quoted.join(', ')}) VALUES (${FILE_COLUMN_NAMES.map((c) => `@${c}`).join(', ')})
  ON CONFLICT (path) DO UPDATE SET ${quoted.filter((c) => c !== '"path"').map((c) => `${c} = excluded.${c}`).join(', ')}`;
const UNDER = 'path >= ? AND path < ?';

/** Inserts or replaces rows (matched by path) in one transaction with one prepared statement. */
export function upsertFileRows(db: AppDatabase, rows: readonly FileRow[]): void {
  const stmt = db.statement(UPSERT_SQL);
  const now = new Date().toISOString();
  db.write(() => {
    for (const row of rows) stmt.run(toParams(row, now));
  });
}

/** The recorded size and mtime of `file`, or undefined when it was never scanned. */
export function getFileStat(db: AppDatabase, file: string): FileStat | undefined {
  return db.statement('SELECT size, mtime_ms AS mtimeMs FROM files WHERE path = ?').get(file) as
    | FileStat
    | undefined;
}

/** Recorded size and mtime of every file under `folder`, keyed by path, for one-query re-scans. */
export function getFileStatsUnder(db: AppDatabase, folder: string): Map<string, FileStat> {
  const rows = db
    .statement(`SELECT path, size, mtime_ms AS mtimeMs, kind FROM files WHERE ${UNDER}`)
    .all(...underRange(folder)) as ({ path: string } & FileStat)[];
  return new Map(rows.map((r) => [r.path, { size: r.size, mtimeMs: r.mtimeMs, kind: r.kind }]));
}

/** Every row under `folder` (at any depth), ordered by path. */
export function listFilesUnder(db: AppDatabase, folder: string): StoredFileRow[] {
  const rows = db
    .statement(`SELECT id, ${quoted.join(', ')} FROM files WHERE ${UNDER} ORDER BY path`)
    .all(...underRange(folder)) as Record<string, SqlValue>[];
  return rows.map(fromColumns);
}

/** Deletes the rows under `folder` whose path is not in `presentPaths`; returns how many. */
export function removeMissingUnder(db: AppDatabase, folder: string, presentPaths: Iterable<string>): number {
  const present = presentPaths instanceof Set ? (presentPaths as ReadonlySet<string>) : new Set(presentPaths);
  const select = db.statement(`SELECT path FROM files WHERE ${UNDER}`).pluck();
  const remove = db.statement('DELETE FROM files WHERE path = ?');
  return db.write(() => {
    let removed = 0;
    for (const p of select.all(...underRange(folder)) as string[]) {
      if (!present.has(p)) removed += remove.run(p).changes;
    }
    return removed;
  });
}

/**
 * The half-open range [prefix, prefix with its separator bumped) holding exactly the paths that
 * start with `folder` + separator. A range instead of LIKE: no wildcard escaping, and the
 * path index serves it. Works because the separator is ASCII and TEXT compares byte-wise.
 */
export function underRange(folder: string, sep: string = path.sep): [string, string] {
  const resolved = sep === path.sep ? path.resolve(folder) : folder;
  const prefix = resolved.endsWith(sep) ? resolved : resolved + sep;
  const upper = prefix.slice(0, -1) + String.fromCharCode(sep.charCodeAt(0) + 1);
  return [prefix, upper];
}

/** How many rows under `folder` are of each kind. */
export function countKindsUnder(db: AppDatabase, folder: string): Partial<Record<FileRow['kind'], number>> {
  const rows = db
    .statement(`SELECT kind, count(*) AS n FROM files WHERE ${UNDER} GROUP BY kind`)
    .all(...underRange(folder)) as { kind: FileRow['kind']; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.kind, r.n]));
}

/** Every indexed row, ordered by path. */
export function listAllFiles(db: AppDatabase): StoredFileRow[] {
  const rows = db.statement(`SELECT id, ${quoted.join(', ')} FROM files ORDER BY path`).all() as Record<string, SqlValue>[];
  return rows.map(fromColumns);
}

/** The identifying header values the index keeps of one file (JSON `identifiers` as stored). */
interface PatientHeaderValues {
  identifiers: string | null;
  patientName: string | null;
  patientId: string | null;
  otherPatientIds: string | null;
  accessionNumber: string | null;
  birthDate: string | null;
  /** The device that made the file (Manufacturer, ManufacturerModelName): text its screens show. */
  manufacturer: string | null;
  manufacturerModel: string | null;
}

const PATIENT_COLUMNS = `identifiers, patient_name AS patientName, patient_id AS patientId, other_patient_ids AS otherPatientIds,
  accession_number AS accessionNumber, patient_birth_date AS birthDate, manufacturer, manufacturer_model AS manufacturerModel`;

/**
 * The identifying header values of every DICOM file of the patient `row` belongs to: same trimmed
 * PatientID, or the same study when the file has none.
 */
export function listPatientHeaderValues(db: AppDatabase, row: Pick<StoredFileRow, 'patientId' | 'studyUid'>): PatientHeaderValues[] {
  const pid = (row.patientId ?? '').trim();
  return (pid
    ? db.statement(`SELECT ${PATIENT_COLUMNS} FROM files WHERE patient_id = ? AND kind = 'dicom'`).all(pid)
    : db.statement(`SELECT ${PATIENT_COLUMNS} FROM files WHERE study_uid = ? AND kind = 'dicom'`).all(row.studyUid ?? '')) as PatientHeaderValues[];
}

/** The row id and SOP Instance UID of every DICOM file of a patient (by PatientID, else by study). */
export function listPatientInstances(db: AppDatabase, who: { patientId: string | null; studyUid: string | null }): { id: number; sop: string | null }[] {
  return (who.patientId
    ? db.statement("SELECT id, sop_instance_uid AS sop FROM files WHERE patient_id = ? AND kind = 'dicom'").all(who.patientId)
    : db.statement("SELECT id, sop_instance_uid AS sop FROM files WHERE study_uid = ? AND kind = 'dicom'").all(who.studyUid)) as { id: number; sop: string | null }[];
}
