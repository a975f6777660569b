import type { AppDatabase } from '../../db/database';
import { FILE_COLUMNS, type StoredFileRow } from '../../db/fileRow';
import { listAllFiles, listFilesUnder } from '../../db/filesRepo';
import { toCsv, writeFileAtomic } from '../../files/atomicFile';

const FIELDS = Object.keys(FILE_COLUMNS) as (keyof typeof FILE_COLUMNS)[];

/**
 * Writes the indexed headers (one row per scanned file, every index column) as CSV, atomically.
 * The file names patients and paths: it is written with mode 0600. Returns the row count.
 */
export function exportMetadataCsv(db: AppDatabase, file: string, under?: string): number {
  const rows: StoredFileRow[] = under ? listFilesUnder(db, under) : listAllFiles(db);
  const header = FIELDS.map((f) => FILE_COLUMNS[f][0]);
  const body = rows.map((r) =>
    FIELDS.map((f) => {
      const v = r[f];
      if (v === null || v === undefined) return '';
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (typeof v === 'object') return JSON.stringify(v);
      return v;
    }),
  );
  writeFileAtomic(file, toCsv(header, body));
  return rows.length;
}
