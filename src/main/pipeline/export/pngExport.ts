/**
 * `deid-studio export-png <out> --to <dir>`: every frame of every image in a de-identified tree as
 * a PNG, under the same relative path as the DICOM file it comes from. Folder and file names come
 * from the output layout only (subject, CT date, series number, modality, hashes), never from
 * Protocol Name or Series Description, which can hold identifying text.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { writeFileAtomic } from '../../files/atomicFile';
import { FileSource } from '../../dicom/byteSource';
import { parseDicom } from '../../dicom/parseDicom';
import { decodeFrame } from '../../pixels/decodeFrame';
import { locatePixels } from '../../pixels/locateImage';
import { walkFolder } from '../../files/walkFolder';
import { displayImage } from '../../pixels/frameImage';
import { encodePng } from '../../pixels/pngEncoder';

/** What the export did. */
interface PngExportResult {
  images: number;
  frames: number;
  /** Files that are not images, or could not be decoded, with why. */
  skipped: { path: string; reason: string }[];
}

/** Writes the frames of every image under `tree` as PNG files under `to`. */
export async function exportPngs(tree: string, to: string, signal?: AbortSignal): Promise<PngExportResult> {
  const result: PngExportResult = { images: 0, frames: 0, skipped: [] };
  for (const f of walkFolder(tree).files) {
    signal?.throwIfAborted();
    const rel = relative(tree, f.path).replace(/\.dcm$/i, '');
    let src: FileSource | undefined;
    try {
      src = new FileSource(f.path);
      const located = locatePixels(parseDicom(src));
      if (!located) {
        result.skipped.push({ path: f.path, reason: 'no Pixel Data' });
        continue;
      }
      const n = located.desc.numberOfFrames;
      for (let i = 0; i < n; i++) {
        const png = encodePng(displayImage(await decodeFrame(located.desc, located.frameBytes(i)), located.desc));
        const target = n === 1 ? join(to, `${rel}.png`) : join(to, rel, `${String(i + 1).padStart(4, '0')}.png`);
        mkdirSync(dirname(target), { recursive: true });
        writeFileAtomic(target, png, 0o644);
        result.frames++;
      }
      result.images++;
    } catch (e) {
      if (signal?.aborted) throw e;
      result.skipped.push({ path: f.path, reason: (e as Error).message });
    } finally {
      src?.close();
    }
  }
  return result;
}
