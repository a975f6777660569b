import type { AppDatabase } from '../db/database';
import type { StoredFileRow } from '../db/fileRow';
import { listFilesUnder } from '../db/filesRepo';
import type { HeaderTextKeyword } from '../workers/viewerProtocol';
import type { TaskRunner } from '../workers/workerPool';

/** A description the study tree shows: of a series or a study, read from one of its files. */
export interface DescriptionWanted {
  level: 'series' | 'study';
  uid: string;
  path: string;
}

function keyOf(w: DescriptionWanted): string {
  return `${w.level}:${w.uid}`;
}

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

  /** SeriesDescription of a series as last read ({@link readDescriptions}); undefined when not read yet. */
  seriesDescription(seriesUid: string): string | null | undefined {
    return this.descriptions.get(`series:${seriesUid}`);
  }

  /** StudyDescription of a study as last read ({@link readDescriptions}); undefined when not read yet. */
  studyDescription(studyUid: string): string | null | undefined {
    return this.descriptions.get(`study:${studyUid}`);
  }

  /**
   * Reads the descriptions not yet cached (they are not in the index), each from the file named,
   * on the pool's worker thread: parsing a header never runs on the main thread. A file that cannot
   * be read gives null.
   */
  async readDescriptions(requests: TaskRunner, wanted: readonly DescriptionWanted[]): Promise<void> {
    const byPath = new Map<string, DescriptionWanted[]>();
    for (const w of wanted) {
      if (this.descriptions.has(keyOf(w))) continue;
      byPath.set(w.path, [...(byPath.get(w.path) ?? []), w]);
    }
    await Promise.all(
      [...byPath].map(async ([path, ws]) => {
        const keywords = [...new Set(ws.map((w) => (w.level === 'series' ? 'SeriesDescription' : 'StudyDescription') as HeaderTextKeyword))];
        const answer = await requests.run({ kind: 'headerTexts', path, keywords });
        for (const w of ws) {
          const value = answer.kind === 'headerTexts' ? answer.values[w.level === 'series' ? 'SeriesDescription' : 'StudyDescription'] : null;
          this.descriptions.set(keyOf(w), value ?? null);
        }
      }),
    );
  }
}
