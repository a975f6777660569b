/**
 * The review state of a folder's images: boxes by status, done marks, OCR coverage and the pixel
 * verdict, each as the pixel verdict (src/main/deid/pixelVerdict.ts) decides it from the index
 * row and the rect database, so the tree, the dialog and the header preview say what the run will do.
 */
import type { DeidOptionCode } from '../../../shared/deidOptions';
import type { AppDatabase } from '../../db/database';
import type { StoredFileRow } from '../../db/fileRow';
import { listFilesUnder } from '../../db/filesRepo';
import { getImageOcr, getImageReview, listRects } from '../../db/rectsRepo';
import type { PixelPlan } from '../../deid/pixelPlan';
import { headerReasons, judgePixels, type PixelVerdict, type VerdictContext } from '../../deid/pixelVerdict';
import { planPixels } from '../findText/planPixels';

/** OCR coverage of an image. */
type OcrState = 'pending' | 'done' | 'failed' | 'undecodable' | 'not-image';

/** Box counts of an image by status. */
interface BoxCounts {
  proposed: number;
  approved: number;
  rejected: number;
  unflagged: number;
}

/** An indexed DICOM file of a folder with its review state. */
export interface FolderImage {
  row: StoredFileRow;
  hasPixels: boolean;
  frames: number;
  boxes: BoxCounts;
  done: boolean;
  ocr: OcrState;
  /** Why the header does not rule burned-in text out (empty when it does). */
  uncleaned: string[];
  /** What a run now would do to the pixels. */
  verdict: PixelVerdict;
  /** The verdict's reason when it withholds the image; null otherwise. */
  withheldReason: string | null;
}

/** Every indexed file of a folder, split into DICOM files with state and the rest. */
export interface FolderSnapshot {
  dicom: FolderImage[];
  notDicom: number;
  errors: number;
  total: number;
  /** The files that are not DICOM images the run writes (not DICOM, DICOMDIR, unreadable), with their reason. */
  skipped: SkippedFile[];
}

/** An indexed file the run will not write, by absolute path, with the scan's reason. */
interface SkippedFile {
  path: string;
  kind: 'non-dicom' | 'dicomdir' | 'error';
  reason: string;
}

/** What the verdicts of a snapshot are asked under: the project's options and what the session can do. */
export interface ReviewContext {
  options: readonly DeidOptionCode[];
  /** OCR engines are available: images can be read before writing, burned and verified. */
  pixelCleaning: boolean;
}

/** The verdict context of a run the app would start now (never `--allow-uncleaned`). */
function verdictContext(c: ReviewContext): VerdictContext {
  return { options: c.options, canRead: c.pixelCleaning, canClean: c.pixelCleaning, allowUncleaned: false };
}

/** Loads the folder's files with their boxes, review and OCR state (one pass over the repos). */
export function loadFolder(db: AppDatabase, folder: string, c: ReviewContext): FolderSnapshot {
  const rows = listFilesUnder(db, folder);
  const dicom: FolderImage[] = [];
  let notDicom = 0;
  let errors = 0;
  const skipped: SkippedFile[] = [];
  for (const row of rows) {
    if (row.kind === 'non-dicom' || row.kind === 'dicomdir') notDicom++;
    else if (row.kind === 'error') errors++;
    else {
      dicom.push(imageState(db, row, c));
      continue;
    }
    skipped.push({ path: row.path, kind: row.kind, reason: row.reason ?? (row.kind === 'dicomdir' ? 'a DICOMDIR (the run writes no directory file)' : 'not DICOM') });
  }
  return { dicom, notDicom, errors, total: rows.length, skipped };
}

/** The review state of one indexed DICOM file. */
export function imageState(db: AppDatabase, row: StoredFileRow, c: ReviewContext): FolderImage {
  const hasPixels = row.hasPixelData === true;
  const boxes: BoxCounts = { proposed: 0, approved: 0, rejected: 0, unflagged: 0 };
  for (const r of listRects(db, row.id)) boxes[r.status]++;
  const ocrRecord = hasPixels ? getImageOcr(db, row.id) : undefined;
  const current = ocrRecord && ocrRecord.size === row.size && ocrRecord.mtimeMs === row.mtimeMs;
  const ocr: OcrState = !hasPixels ? 'not-image' : current ? ocrRecord.status : 'pending';
  const plan: PixelPlan | undefined = hasPixels ? planPixels(db, row, c.options) : undefined;
  const verdict = judgePixels(row, plan, verdictContext(c));
  return {
    row,
    hasPixels,
    frames: Math.max(1, row.numberOfFrames ?? 1),
    boxes,
    done: getImageReview(db, row.id)?.done ?? false,
    ocr,
    uncleaned: hasPixels ? headerReasons(row, c.options) : [],
    verdict,
    withheldReason: verdict.action === 'withhold' ? verdict.reason : null,
  };
}
