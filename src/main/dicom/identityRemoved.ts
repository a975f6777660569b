import { FileSource } from './byteSource';
import { TAG } from './dictionary';
import { readText } from './elementValues';
import { parseDicom } from './parseDicom';

/**
 * True when the file's header says its patient identity was removed (PatientIdentityRemoved
 * YES, as a de-identifier writes it). Not kept in the scan index: read from the header, which
 * stops before Pixel Data. False for a file that cannot be parsed (the scan reports those).
 */
export function readIdentityRemoved(path: string): boolean {
  let src: FileSource | undefined;
  try {
    src = new FileSource(path);
    const parsed = parseDicom(src, { stopAtPixelData: true });
    const el = parsed.dataset.find((e) => e.tag === TAG.PatientIdentityRemoved);
    return el !== undefined && readText(parsed.datasetSource, el, undefined).trim().toUpperCase() === 'YES';
  } catch {
    return false;
  } finally {
    src?.close();
  }
}
