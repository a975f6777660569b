import type { DeidOptionCode } from '../../../shared/deidOptions';
import type { AppDatabase } from '../../db/database';
import type { StoredFileRow } from '../../db/fileRow';
import { listBurnRects } from '../../db/rectsRepo';
import { ENCAPSULATED_DOCUMENT_CLASSES } from '../../deid/pixelVerdict';

/**
 * Whether an indexed image's pixels must be read and cleaned before it can be written: its header
 * does not rule burned-in text out (BurnedInAnnotation is not NO), it keeps overlays in Pixel Data
 * bits, or it carries Overlay Data that option 113103 (Clean Graphics) keeps. Images whose header
 * says NO and whose overlays the profile drops are written as the core profile writes them.
 */
function needsPixelCleaning(row: Pick<StoredFileRow, 'kind' | 'hasPixelData' | 'sopClassUid' | 'burnedInAnnotation' | 'overlayGroups'>, options: readonly DeidOptionCode[]): boolean {
  if (row.kind !== 'dicom' || !row.hasPixelData) return false;
  if (row.sopClassUid && ENCAPSULATED_DOCUMENT_CLASSES[row.sopClassUid]) return false;
  if ((row.burnedInAnnotation ?? '').trim().toUpperCase() !== 'NO') return true;
  const groups = row.overlayGroups ?? [];
  if (groups.some((g) => g.bitPosition !== 0)) return true;
  return options.includes('113103') && groups.some((g) => g.hasData);
}

/**
 * `needsPixelCleaning`, or the image carries boxes to burn (a reviewer's manual box, a rule box, an
 * approved or unreviewed proposal) whatever its header says: every box not rejected is burned, or
 * the image is withheld. Fail closed.
 */
export function imageNeedsCleaning(db: AppDatabase, row: StoredFileRow, options: readonly DeidOptionCode[]): boolean {
  if (needsPixelCleaning(row, options)) return true;
  return row.kind === 'dicom' && row.hasPixelData === true && listBurnRects(db, row.id).length > 0;
}
