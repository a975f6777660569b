import type { AppDatabase } from '../db/database';
import type { StoredFileRow } from '../db/fileRow';
import { listFilesUnder } from '../db/filesRepo';
import { FileSource } from '../dicom/byteSource';
import { readAscii, readText } from '../dicom/elementValues';
import { parseDicom } from '../dicom/parseDicom';
import { TAG } from '../dicom/dictionary';


/**
 * The study folders opened in this session and their indexed rows, so an image id (a file row id)
 * resolves only to files of a folder the user opened, never to anything else in the database.
 */
export class FolderCatalog {
  private readonly db: AppDatabase;
  private readonly folders = new Map<string, StoredFileRow[]>();
  private readonly byId = new Map<number, { row: StoredFileRow; folder: string }>();
  private readonly descriptions = new Map<string, string | null>();

  constructor(db: AppDatabase) {
    this.db = db;
  }

  /** Registers a folder as opened (its rows are loaded by {@link refresh}). */
  add(folder: string): void {
    if (!this.folders.has(folder)) this.folders.set(folder, []);
  }

  /** True when the folder was opened in this session. */
  has(folder: string): boolean {
    return this.folders.has(folder);
  }

  /** Re-reads the folder's rows from the index (after a scan) and returns them. */
  refresh(folder: string): StoredFileRow[] {
    const previous = this.folders.get(folder) ?? [];
    for (const r of previous) this.byId.delete(r.id);
    const rows = listFilesUnder(this.db, folder);
    this.folders.set(folder, rows);
    for (const row of rows) this.byId.set(row.id, { row, folder });
    return rows;
  }

  /** The rows of an opened folder as last loaded. */
  rows(folder: string): StoredFileRow[] {
    return this.folders.get(folder) ?? [];
  }

  /** The row and folder of a file id, when it belongs to an opened folder. */
  file(fileId: number): { row: StoredFileRow; folder: string } | undefined {
    return this.byId.get(fileId);
  }

  /** SeriesDescription read from one file of the series (not in the index), cached per series. */
  seriesDescription(path: string, seriesUid: string): string | null {
    return this.description(path, `series:${seriesUid}`, TAG.SeriesDescription);
  }

  /** StudyDescription read from one file of the study (not in the index), cached per study. */
  studyDescription(path: string, studyUid: string): string | null {
    return this.description(path, `study:${studyUid}`, TAG.StudyDescription);
  }

  private description(path: string, key: string, tag: number): string | null {
    const cached = this.descriptions.get(key);
    if (cached !== undefined) return cached;
    let value: string | null = null;
    let src: FileSource | undefined;
    try {
      src = new FileSource(path);
      const parsed = parseDicom(src, { stopAtPixelData: true });
      const el = parsed.dataset.find((e) => e.tag === tag);
      const charsetEl = parsed.dataset.find((e) => e.tag === TAG.SpecificCharacterSet);
      const charset = charsetEl ? readAscii(parsed.datasetSource.read(charsetEl.valueOffset, charsetEl.valueLength)) : undefined;
      value = el ? readText(parsed.datasetSource, el, charset) || null : null;
    } catch {
      value = null;
    } finally {
      src?.close();
    }
    this.descriptions.set(key, value);
    return value;
  }
}
