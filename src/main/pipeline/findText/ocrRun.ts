/**
 * The find-text stage of a folder: every image the pixel verdict says must be read (every image
 * with pixels: a header's BurnedInAnnotation NO is a hint, not proof) goes through the detector,
 * unless its record is current; what was found is read, judged, and stored as boxes with the
 * image's coverage. Decoding and judging happen here and the database is written from this thread
 * only; the engines run on their own threads.
 */
import { availableParallelism } from 'node:os';
import type { DeidOptionCode } from '../../../shared/deidOptions';
import type { JobProgress } from '../../../shared/progress';
import type { AppDatabase } from '../../db/database';
import type { StoredFileRow } from '../../db/fileRow';
import { listFilesUnder } from '../../db/filesRepo';
import { getImageOcr, listRects, proposeRects, replaceOcrRects, setImageOcr } from '../../db/rectsRepo';
import { mustBeRead } from '../../deid/pixelVerdict';
import { FIND_TEXT_ENGINE, findImageTextFile, type ImageFileText } from '../../ocr/imageText';
import { createPixelEngines, type PixelEngines } from '../../ocr/engines/pixelEngines';
import { createRegionSequence, type RegionSequence } from '../../ocr/knownRegions';
import type { RecognizedLine } from '../../ocr/textEngines';
import { forEachLimited } from '../../workers/forEachLimited';
import { lineJudge } from './lineJudge';
import { createPatientMatcher, type PatientMatch } from './patientMatcher';
import { planPixels } from './planPixels';

/** What to read. */
interface FindTextOptions {
  db: AppDatabase;
  /** Read the images under this folder (as indexed by the last scan). */
  folder: string;
  /** Read exactly these images of the folder instead, whatever the pixel verdict says of them. */
  rows?: readonly StoredFileRow[];
  /** De-identification options in force (113103 keeps Overlay Data). */
  options: readonly DeidOptionCode[];
  /** Propose every text box, identifying or not. */
  redactAllText?: boolean;
  /** The project whose allow and deny lists judge the text; absent: the project `default`. */
  projectId?: number;
  /** Matching contexts per patient (shared with a verify pass); built here when absent. */
  matcher?: (row: StoredFileRow) => PatientMatch;
  /** Engines to use (shared with the caller); otherwise made for this run and closed here. */
  engines?: PixelEngines;
  signal?: AbortSignal;
  onProgress?: (p: JobProgress) => void;
  /** Boxes of these files changed. */
  onImagesChanged?: (fileIds: number[]) => void;
  /**
   * Leave the images that are not current unread here, listed in `deferred`: the writer's worker
   * gates each as it opens it to write it (`workers/workerHandlers.ts`), so an image the gate
   * clears is opened once; the ones it does not clear come back to be read (`PixelPhase.rescue`).
   */
  deferUnread?: boolean;
  /** Reads of region pixels per series to share with other calls (the run's rescues); made here when absent. */
  seriesReads?: SeriesReads;
}

/** What the stage did. */
export interface OcrRunResult {
  /** Images that must be read. */
  images: number;
  /** Read this time (by the detector and OCR, or cleared whole by the text gate). */
  read: number;
  /** Of those read: cleared whole by the text gate (every distinct frame), no frame through OCR. */
  gateCleared: number;
  /** Already read with the same engines, file unchanged. */
  current: number;
  /** Current, but their stored text was judged again against new identifiers or list entries. */
  rematched: number;
  failed: number;
  undecodable: number;
  /** Boxes proposed for redaction in the images read or re-matched this time. */
  proposed: number;
  interrupted: boolean;
  /** With `deferUnread`: the file ids of the images left for the writer's gate (counted in `images`). */
  deferred: number[];
}

/** True when the image's record covers the file as it is now, read by these engines. */
function isCurrent(db: AppDatabase, row: StoredFileRow): boolean {
  const ocr = getImageOcr(db, row.id);
  return ocr !== undefined && ocr.engine === FIND_TEXT_ENGINE && ocr.size === row.size && ocr.mtimeMs === row.mtimeMs && ocr.status !== 'failed';
}

/** The images under `folder` whose pixels must be read under `options` (the pixel verdict decides). */
function imagesToRead(db: AppDatabase, folder: string, options: readonly DeidOptionCode[]): StoredFileRow[] {
  return listFilesUnder(db, folder).filter((r) => r.kind === 'dicom' && mustBeRead(r, planPixels(db, r, options), options));
}

/**
 * What is kept per series, bounded: reads of region pixels (the same corner text on every slice is
 * read once) and where text was found last (the next slice is read in those areas when the gate
 * allows it: the slices of a series as the frames of a cine, `ocr/knownRegions.ts`).
 */
export class SeriesReads {
  private readonly bySeries = new Map<string, Map<string, RecognizedLine>>();
  private readonly sequences = new Map<string, RegionSequence>();
  static readonly MAX = 4096;

  /** Where text was found last in the row's series (one picture size remembered per series). */
  sequence(row: StoredFileRow): RegionSequence {
    const key = row.seriesUid ?? row.path;
    let sequence = this.sequences.get(key);
    if (!sequence) {
      sequence = createRegionSequence();
      this.sequences.set(key, sequence);
    }
    return sequence;
  }

  of(row: StoredFileRow): Map<string, RecognizedLine> {
    const key = row.seriesUid ?? row.path;
    let reads = this.bySeries.get(key);
    if (!reads) {
      reads = new Map();
      this.bySeries.set(key, reads);
    }
    // Flat memory over long series: forget the oldest reads past the bound.
    while (reads.size > SeriesReads.MAX) reads.delete(reads.keys().next().value as string);
    return reads;
  }
}

/**
 * Reads every image under `folder` that must be read and is not current; judges the stored text
 * of current ones again when the patient's identifiers or the lists changed. Resumable: an
 * interrupted run leaves the images done so far recorded, and the next run skips them.
 */
export async function ocrRun(o: FindTextOptions): Promise<OcrRunResult> {
  const images = o.rows ? [...o.rows] : imagesToRead(o.db, o.folder, o.options);
  const result: OcrRunResult = { images: images.length, read: 0, gateCleared: 0, current: 0, rematched: 0, failed: 0, undecodable: 0, proposed: 0, interrupted: false, deferred: [] };
  const matchFor = o.matcher ?? createPatientMatcher(o.db, o.redactAllText === true, o.projectId);
  const todo: StoredFileRow[] = [];
  for (const row of images) {
    if (!isCurrent(o.db, row)) {
      if (o.deferUnread) result.deferred.push(row.id);
      else todo.push(row);
      continue;
    }
    result.current++;
    const { match, key } = matchFor(row);
    const record = getImageOcr(o.db, row.id);
    if (record?.matchKey === key || record?.status !== 'done') continue;
    const judge = lineJudge(match);
    const upgrades = listRects(o.db, row.id)
      .filter((r) => r.source === 'ocr' && r.status === 'unflagged')
      .flatMap((r) => {
        const verdict = judge({ text: r.text ?? '', confidence: r.confidence ?? 0, rotation: 0, chars: [] }, { ...r, score: 1, vertical: false });
        return verdict.keep ? [] : [{ id: r.id, reason: verdict.reason }];
      });
    o.db.write(() => {
      proposeRects(o.db, upgrades);
      setImageOcr(o.db, { ...record, matchKey: key });
    });
    result.rematched++;
    result.proposed += upgrades.length;
    if (upgrades.length) o.onImagesChanged?.([row.id]);
  }

  const engines = o.engines ?? createPixelEngines();
  const startedAt = Date.now();
  // Progress counts frames, so a cine's ETA moves while it is read.
  const total = todo.reduce((n, r) => n + Math.max(1, r.numberOfFrames ?? 1), 0);
  let done = 0;
  let current = '';
  const onFrames = (count: number): void => {
    done = Math.min(total, done + count);
    o.onProgress?.({ phase: 'ocr', done, total, unit: 'frames', startedAt, current });
  };
  const store = (row: StoredFileRow, r: ImageFileText, key: string): void => {
    storeImageText(o.db, row, r, key);
    if (r.status === 'done' && r.frames > 0 && r.framesRead === 0) result.gateCleared++;
    if (r.status === 'done') result.read++;
    else if (r.status === 'undecodable') result.undecodable++;
    else result.failed++;
    result.proposed += r.rects.filter((x) => x.status === 'proposed').length;
    o.onImagesChanged?.([row.id]);
  };
  const reads = o.seriesReads ?? new SeriesReads();
  try {
    // A few images more than engines keeps them busy while an image is decoded or stored; no
    // more, so the images held in memory at once stay few.
    await forEachLimited(todo, availableParallelism() + 1, async (row) => {
      o.signal?.throwIfAborted();
      current = row.path;
      const { match, key } = matchFor(row);
      const found = await findImageTextFile(row.path, { engines: engines.find, judge: lineJudge(match), reads: reads.of(row), sequence: reads.sequence(row), signal: o.signal, onFrames });
      store(row, found, key);
    });
  } catch (e) {
    if (!o.signal?.aborted) throw e;
    result.interrupted = true;
  } finally {
    if (!o.engines) await engines.close();
  }
  return result;
}

/** An image's read (or gate clearance) as its record and boxes, in one transaction. */
function storeImageText(db: AppDatabase, row: StoredFileRow, r: ImageFileText, matchKey: string): void {
  db.write(() => {
    replaceOcrRects(db, row.id, r.rects);
    setImageOcr(db, {
      fileId: row.id,
      size: row.size ?? 0,
      mtimeMs: row.mtimeMs ?? 0,
      engine: FIND_TEXT_ENGINE,
      status: r.status,
      frames: r.frames,
      framesRead: r.framesRead,
      overlaysRead: r.overlaysRead,
      error: r.error,
      matchKey,
    });
  });
}

/**
 * Records an image the writer's worker gated as it opened it and cleared whole (every distinct
 * frame, no overlay): exactly what `findImageText` records of an image whose every frame the gate
 * clears, so the plan and the verdict read it as gate-cleared.
 */
export function recordWriterGate(db: AppDatabase, row: StoredFileRow, gate: { frames: number; framesGated: number }, matchKey: string): void {
  storeImageText(db, row, { status: 'done', error: null, frames: gate.frames, framesRead: 0, framesGated: gate.framesGated, overlaysRead: [], hiddenBits: false, rects: [] }, matchKey);
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

/** The app's find-text job over a scanned folder; rejects with the abort reason when cancelled. */
export async function ocrFolderJob(args: OcrFolderJobArgs): Promise<void> {
  const r = await ocrRun({ db: args.db, folder: args.folder, options: args.project.options, projectId: args.project.id, signal: args.signal, onProgress: args.onProgress, onImagesChanged: args.onImagesChanged });
  if (r.interrupted) throw args.signal.reason ?? new Error('OCR interrupted');
}
