/**
 * The OCR phase of a folder: every image that needs cleaning is read (unless its record is
 * current), its boxes and coverage stored. The OCR engines run on their own threads; decoding and
 * matching happen here and the database is written from this thread only.
 */
import { availableParallelism } from 'node:os';
import type { DeidOptionCode } from '../../../shared/deidOptions';
import type { JobProgress } from '../../../shared/progress';
import type { AppDatabase } from '../../db/database';
import type { StoredFileRow } from '../../db/fileRow';
import { listFilesUnder } from '../../db/filesRepo';
import { getImageOcr, listRects, proposeRects, replaceOcrRects, setImageOcr } from '../../db/rectsRepo';
import { OCR_ENGINE, ocrImageFile, type OcrImageResult } from '../../ocr/ocrImage';
import { createPatientMatcher, patientKeyOf, type PatientMatch } from './patientMatcher';
import { ocrSeries } from '../../ocr/seriesOcr';
import { rematchStoredRects } from '../../ocr/rematchRects';
import { createOcrPool, type OcrPool } from '../../ocr/tesseractPool';
import { mustBeRead } from '../../deid/pixelVerdict';
import { planPixels } from './planPixels';
import { forEachLimited } from '../../workers/forEachLimited';

/** What to read. */
interface OcrRunOptions {
  db: AppDatabase;
  /** Read the images under this folder (as indexed by the last scan). */
  folder: string;
  /** Read exactly these images of the folder instead, whatever the pixel verdict says of them. */
  rows?: readonly StoredFileRow[];
  /** De-identification options in force (113103 makes Overlay Data worth reading). */
  options: readonly DeidOptionCode[];
  /** Propose every text box, identifying or not. */
  redactAllText?: boolean;
  /** The project whose allow and deny lists judge the text; absent: the project `default`. */
  projectId?: number;
  /** Matching contexts per patient (shared with a verify pass); built here when absent. */
  matcher?: (row: StoredFileRow) => PatientMatch;
  /** An existing pool to use; otherwise one sized to the cores is made and closed here. */
  pool?: OcrPool;
  /** Frames between whole reads of a cine (cineOcr.ts). */
  sampleInterval?: number;
  signal?: AbortSignal;
  onProgress?: (p: JobProgress) => void;
  /** Boxes of these files changed. */
  onImagesChanged?: (fileIds: number[]) => void;
}

/** What the phase did. */
export interface OcrRunResult {
  /** Images that need cleaning. */
  images: number;
  /** Read this time. */
  read: number;
  /** Already read with the same engine, file unchanged. */
  current: number;
  /** Current, but their stored text was judged again against new identifiers or allowlist entries. */
  rematched: number;
  failed: number;
  undecodable: number;
  /** Boxes proposed for redaction in the images read or re-matched this time. */
  proposed: number;
  interrupted: boolean;
}

/** True when the image's OCR record covers the file as it is now, read by this engine. */
function ocrIsCurrent(db: AppDatabase, row: StoredFileRow): boolean {
  const ocr = getImageOcr(db, row.id);
  return ocr !== undefined && ocr.engine === OCR_ENGINE && ocr.size === row.size && ocr.mtimeMs === row.mtimeMs && ocr.status !== 'failed';
}

/** The images under `folder` whose pixels must be read under `options` (the pixel verdict decides). */
function imagesToRead(db: AppDatabase, folder: string, options: readonly DeidOptionCode[]): StoredFileRow[] {
  return listFilesUnder(db, folder).filter((r) => r.kind === 'dicom' && mustBeRead(r, planPixels(db, r, options), options));
}

/**
 * Reads every image under `folder` that needs cleaning and is not current; re-matches the stored
 * text of current ones whose identifier set changed. Resumable: an interrupted run leaves the
 * images done so far recorded, and the next run skips them.
 */
export async function ocrRun(o: OcrRunOptions): Promise<OcrRunResult> {
  const images = o.rows ? [...o.rows] : imagesToRead(o.db, o.folder, o.options);
  const result: OcrRunResult = { images: images.length, read: 0, current: 0, rematched: 0, failed: 0, undecodable: 0, proposed: 0, interrupted: false };
  const matchFor = o.matcher ?? createPatientMatcher(o.db, o.redactAllText === true, o.projectId);
  const todo: StoredFileRow[] = [];
  for (const row of images) {
    if (!ocrIsCurrent(o.db, row)) {
      todo.push(row);
      continue;
    }
    result.current++;
    const { match, key } = matchFor(row);
    const record = getImageOcr(o.db, row.id);
    if (record?.matchKey === key || record?.status !== 'done') continue;
    const upgrades = rematchStoredRects(listRects(o.db, row.id), match);
    o.db.write(() => {
      proposeRects(o.db, upgrades);
      setImageOcr(o.db, { ...record, matchKey: key });
    });
    result.rematched++;
    result.proposed += upgrades.length;
    if (upgrades.length) o.onImagesChanged?.([row.id]);
  }

  const cores = availableParallelism();
  const pool = o.pool ?? createOcrPool({ size: cores });
  const startedAt = Date.now();
  // Progress counts frames, so a cine's ETA moves while it is read.
  const total = todo.reduce((n, r) => n + Math.max(1, r.numberOfFrames ?? 1), 0);
  let done = 0;
  let current = '';
  const onFrames = (count: number): void => {
    done = Math.min(total, done + count);
    o.onProgress?.({ phase: 'ocr', done, total, startedAt, current });
  };
  const store = (row: StoredFileRow, r: OcrImageResult, key: string): void => {
    o.db.write(() => {
      replaceOcrRects(o.db, row.id, r.rects);
      setImageOcr(o.db, {
        fileId: row.id,
        size: row.size ?? 0,
        mtimeMs: row.mtimeMs ?? 0,
        engine: OCR_ENGINE,
        status: r.status,
        frames: r.frames,
        framesRead: r.framesRead,
        overlaysRead: r.overlaysRead,
        error: r.error,
        matchKey: key,
      });
    });
    if (r.status === 'done') result.read++;
    else if (r.status === 'undecodable') result.undecodable++;
    else result.failed++;
    result.proposed += r.rects.filter((x) => x.status === 'proposed').length;
    o.onImagesChanged?.([row.id]);
  };
  const readOne = async (row: StoredFileRow): Promise<void> => {
    current = row.path;
    const { match, key } = matchFor(row);
    store(row, await ocrImageFile(row.path, { pool, match, signal: o.signal, sampleInterval: o.sampleInterval, onFrames }), key);
  };
  try {
    // One unit more than engines keeps them busy while an image is decoded or stored.
    await forEachLimited(seriesUnits(todo), cores + 1, async (unit) => {
      o.signal?.throwIfAborted();
      if (unit.length === 1) return readOne(unit[0]);
      current = unit[0].path;
      const { match, key } = matchFor(unit[0]);
      let results: OcrImageResult[];
      try {
        results = await ocrSeries(unit.map((r) => r.path), { pool, match, signal: o.signal, sampleInterval: o.sampleInterval, onFrames });
      } catch (e) {
        if (o.signal?.aborted) throw e;
        // Not a cine after all (or a file would not decode): read each image on its own.
        for (const row of unit) await readOne(row);
        return;
      }
      unit.forEach((row, i) => store(row, results[i], key));
    });
  } catch (e) {
    if (!o.signal?.aborted) throw e;
    result.interrupted = true;
  } finally {
    if (!o.pool) await pool.close();
  }
  return result;
}

/** Fewer images than this in a series are read one by one: a cine of two frames saves nothing. */
const MIN_SERIES = 4;

/**
 * Groups single-frame images of one patient's series that share size and kind, in instance
 * order, so each group is read as one cine (seriesOcr.ts); every other image is a unit of its own.
 */
function seriesUnits(rows: readonly StoredFileRow[]): StoredFileRow[][] {
  const groups = new Map<string, StoredFileRow[]>();
  const units: StoredFileRow[][] = [];
  for (const r of rows) {
    if ((r.numberOfFrames ?? 1) > 1 || !r.seriesUid) {
      units.push([r]);
      continue;
    }
    const key = [patientKeyOf(r), r.seriesUid, r.rows, r.columns, r.photometric, r.bitsAllocated, r.bitsStored].join('|');
    const list = groups.get(key) ?? [];
    list.push(r);
    groups.set(key, list);
  }
  for (const list of groups.values()) {
    if (list.length < MIN_SERIES) {
      for (const r of list) units.push([r]);
      continue;
    }
    const instance = (r: StoredFileRow): number => Number.parseInt(r.instanceNumber ?? '', 10);
    list.sort((a, b) => (instance(a) - instance(b)) || (a.path < b.path ? -1 : 1));
    units.push(list);
  }
  return units;
}

/** What the app's OCR job gets (the shape of the services' `OcrRunner` arguments). */
interface OcrFolderJobArgs {
  db: AppDatabase;
  folder: string;
  project: { id: number; options: readonly DeidOptionCode[] };
  signal: AbortSignal;
  onProgress(p: JobProgress): void;
  onImagesChanged(fileIds: number[]): void;
}

/** The app's OCR job over a scanned folder; rejects with the abort reason when cancelled. */
export async function ocrFolderJob(args: OcrFolderJobArgs): Promise<void> {
  const r = await ocrRun({ db: args.db, folder: args.folder, options: args.project.options, projectId: args.project.id, signal: args.signal, onProgress: args.onProgress, onImagesChanged: args.onImagesChanged });
  if (r.interrupted) throw args.signal.reason ?? new Error('OCR interrupted');
}
