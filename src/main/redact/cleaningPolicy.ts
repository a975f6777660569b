import type { DeidOptionCode } from '../../shared/deidOptions';
import type { StoredFileRow } from '../db/fileRow';
import { ENCAPSULATED_DOCUMENT_CLASSES } from '../deid/pixelPolicy';

/**
 * Whether an indexed image's pixels must be read and cleaned before it can be written: its header
 * does not rule burned-in text out (BurnedInAnnotation is not NO), it keeps overlays in Pixel Data
 * bits, or it carries Overlay Data that option 113103 (Clean Graphics) keeps. Images whose header
 * says NO and whose overlays the profile drops are written as the core profile writes them.
 */
export function needsPixelCleaning(row: Pick<StoredFileRow, 'kind' | 'hasPixelData' | 'sopClassUid' | 'burnedInAnnotation' | 'overlayGroups'>, options: readonly DeidOptionCode[]): boolean {
  if (row.kind !== 'dicom' || !row.hasPixelData) return false;
  if (row.sopClassUid && ENCAPSULATED_DOCUMENT_CLASSES[row.sopClassUid]) return false;
  if ((row.burnedInAnnotation ?? '').trim().toUpperCase() !== 'NO') return true;
  const groups = row.overlayGroups ?? [];
  if (groups.some((g) => g.bitPosition !== 0)) return true;
  return options.includes('113103') && groups.some((g) => g.hasData);
}
