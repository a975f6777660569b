import type { StoredFileRow } from '../../db/fileRow';
import type { AppDatabase } from '../../db/database';
import { listFilesUnder } from '../../db/filesRepo';
import { getImageOcr, getImageReview, listRects } from '../../db/rectsRepo';
import { ENCAPSULATED_DOCUMENT_CLASSES } from '../../deid/pixelVerdict';

/** OCR coverage of an image. */
type OcrState = 'pending' | 'done' | 'failed' | 'undecodable' | 'not-image';

/**
 * When an image counts as withheld: `header` is the core rule (pixels that may hold burned-in text
 * are withheld); `ocr` is the pixel pipeline's rule (an image is clean only once fully OCRed).
 */
export type WithheldRule = 'header' | 'ocr';

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
  uncleaned: string[];
  withheldReason: string | null;
}

/** Every indexed file of a folder, split into DICOM files with state and the rest. */
export interface FolderSnapshot {
  dicom: FolderImage[];
  notDicom: number;
  errors: number;
  total: number;
}

/** Reasons the index gives to suspect burned-in text (the header part of the core's pixel policy). */
function uncleanedReasons(row: StoredFileRow): string[] {
  if (!row.hasPixelData) return [];
  const reasons: string[] = [];
  const burned = (row.burnedInAnnotation ?? '').trim().toUpperCase();
  if (burned !== 'NO') reasons.push(burned ? `BurnedInAnnotation is ${burned}` : 'BurnedInAnnotation is absent');
  for (const o of row.overlayGroups ?? []) {
    if (o.bitPosition !== 0) reasons.push(`overlay ${o.group.toString(16)} is stored in bit ${o.bitPosition} of Pixel Data`);
  }
  return reasons;
}

/** Loads the folder's files with their boxes, review and OCR state (one pass over the repos). */
export function loadFolder(db: AppDatabase, folder: string, rule: WithheldRule): FolderSnapshot {
  const rows = listFilesUnder(db, folder);
  const dicom: FolderImage[] = [];
  let notDicom = 0;
  let errors = 0;
  for (const row of rows) {
    if (row.kind === 'non-dicom' || row.kind === 'dicomdir') notDicom++;
    else if (row.kind === 'error') errors++;
    else dicom.push(imageState(db, row, rule));
  }
  return { dicom, notDicom, errors, total: rows.length };
}

/** The review state of one indexed DICOM file. */
export function imageState(db: AppDatabase, row: StoredFileRow, rule: WithheldRule): FolderImage {
  const hasPixels = row.hasPixelData === true;
  const boxes: BoxCounts = { proposed: 0, approved: 0, rejected: 0, unflagged: 0 };
  for (const r of listRects(db, row.id)) boxes[r.status]++;
  const ocrRecord = hasPixels ? getImageOcr(db, row.id) : undefined;
  const current = ocrRecord && ocrRecord.size === row.size && ocrRecord.mtimeMs === row.mtimeMs;
  const ocr: OcrState = !hasPixels ? 'not-image' : current ? ocrRecord.status : 'pending';
  const uncleaned = uncleanedReasons(row);
  return {
    row,
    hasPixels,
    frames: Math.max(1, row.numberOfFrames ?? 1),
    boxes,
    done: getImageReview(db, row.id)?.done ?? false,
    ocr,
    uncleaned,
    withheldReason: withheldReason(row, hasPixels, ocr, uncleaned, rule),
  };
}

function withheldReason(row: StoredFileRow, hasPixels: boolean, ocr: OcrState, uncleaned: string[], rule: WithheldRule): string | null {
  const doc = ENCAPSULATED_DOCUMENT_CLASSES[row.sopClassUid ?? ''];
  if (doc) return `encapsulated ${doc} document: its content cannot be de-identified yet`;
  if (!hasPixels) return null;
  if (rule === 'header') return uncleaned.length ? `pixels not cleaned: ${uncleaned.join('; ')}` : null;
  switch (ocr) {
    case 'done':
      return null;
    case 'undecodable':
      return `cannot decode ${row.transferSyntax ?? 'the pixels'}`;
    case 'failed':
      return 'OCR failed: pixels not known to be clean';
    case 'pending':
    case 'not-image':
      return 'not OCRed yet: pixels not known to be clean';
    default: {
      const never: never = ocr;
      return String(never);
    }
  }
}
