import type { FileRow } from './indexRow';
import { FileSource } from './byteSource';
import { DicomParseError } from './dicomErrors';
import { indexHeader } from './headerIndex';
import { parseDicom } from './parseDicom';
import { readAscii } from './elementValues';
import { TAG } from './dictionary';

const DICOMDIR_SOP_CLASS = '1.2.840.10008.1.3.10';

/**
 * Reads one file's header into an index row. Never throws for bad content: non-DICOM files,
 * DICOMDIRs and unparseable DICOM come back with `kind` and a `reason` naming what went wrong.
 */
export function readFileHeader(path: string, size: number, mtimeMs: number): FileRow {
  const base = { path, size, mtimeMs };
  let src: FileSource;
  try {
    src = new FileSource(path);
  } catch (e) {
    return { ...base, kind: 'error', reason: `cannot open: ${(e as Error).message}` };
  }
  try {
    if (isDicomdir(src)) return { ...base, kind: 'dicomdir', reason: 'DICOMDIR (a media directory, not an image); not de-identified' };
    const parsed = parseDicom(src, { stopAtPixelData: true });
    const header = indexHeader(parsed);
    if (parsed.dataset.length === 0) return { ...base, kind: 'non-dicom', reason: 'file meta only, no data set' };
    return { ...base, kind: 'dicom', ...header };
  } catch (e) {
    if (e instanceof DicomParseError) {
      const kind = e.code === 'NOT_DICOM' ? 'non-dicom' : 'error';
      return { ...base, kind, reason: kind === 'non-dicom' ? `not DICOM: ${e.message}` : `unparseable DICOM: ${e.message}` };
    }
    return { ...base, kind: 'error', reason: `cannot read: ${(e as Error).message}` };
  } finally {
    src.close();
  }
}

function isDicomdir(src: FileSource): boolean {
  try {
    const meta = parseDicom(src, { metaOnly: true }).meta;
    const cls = meta.find((e) => e.tag === TAG.MediaStorageSOPClassUID);
    return cls !== undefined && readAscii(src.read(cls.valueOffset, cls.valueLength)) === DICOMDIR_SOP_CLASS;
  } catch {
    return false;
  }
}
