/**
 * The single-frame images of one series (same size and kind, in instance order) read as one cine:
 * text at the same place on every slice (a name, an institution) is read once, and each slice is
 * read only where its ink differs from what was read before, with the guarantee cineOcr.ts states
 * (text drawn at other values is found by whole reads every `sampleInterval` slices).
 */
import { CodedError } from '../../shared/codedError';
import type { NewRect } from '../../shared/model/rects';
import { FileSource } from '../dicom/byteSource';
import { parseDicom } from '../dicom/parseDicom';
import { locatePixels, type LocatedPixels } from '../pixels/locateImage';
import { ocrCine, type FrameSequence } from './cineOcr';
import { ocrInputOf, readFrame } from './frameReading';
import { frameRect, HiddenPlanes, readOverlays, type OcrImageOptions, type OcrImageResult } from './ocrImage';
import type { ReadWord } from './readWords';

/** The series does not hold together as a cine (a file differs in size or kind, or is multi-frame). */
export class SeriesMismatchError extends CodedError<'SERIES_MISMATCH'> {
  constructor(message: string) {
    super('SERIES_MISMATCH', message);
    this.name = 'SeriesMismatchError';
  }
}

/** One file of the series open at a time. */
class SeriesCursor {
  private index = -1;
  private src: FileSource | undefined;
  private current: LocatedPixels | undefined;
  private shape: string | undefined;
  private readonly paths: readonly string[];

  constructor(paths: readonly string[]) {
    this.paths = paths;
  }

  at(i: number): LocatedPixels {
    if (i === this.index && this.current) return this.current;
    this.close();
    this.src = new FileSource(this.paths[i]);
    const located = locatePixels(parseDicom(this.src));
    if (!located) throw new SeriesMismatchError(`${this.paths[i]} has no Pixel Data`);
    const d = located.desc;
    const shape = `${d.rows}x${d.columns}x${d.samplesPerPixel}:${d.photometric}:${d.bitsAllocated}/${d.bitsStored}:${d.pixelRepresentation}:${d.numberOfFrames}`;
    if (d.numberOfFrames !== 1 || (this.shape !== undefined && shape !== this.shape)) throw new SeriesMismatchError(`${this.paths[i]} differs from the series (${shape})`);
    this.shape = shape;
    this.index = i;
    this.current = located;
    return located;
  }

  close(): void {
    this.src?.close();
    this.src = undefined;
    this.current = undefined;
    this.index = -1;
  }
}

/**
 * Reads a series of single-frame images; one result per path, in order. Throws
 * `SeriesMismatchError` when the files do not form a cine (the caller reads them one by one).
 */
export async function ocrSeries(paths: readonly string[], opts: OcrImageOptions): Promise<OcrImageResult[]> {
  const cursor = new SeriesCursor(paths);
  const hidden = paths.map(() => new HiddenPlanes());
  const hiddenBits = paths.map(() => false);
  try {
    const frames: FrameSequence = {
      count: paths.length,
      encoded: (i) => cursor.at(i).frameBytes(0),
      read: (i, encoded) => readFrame(cursor.at(i), 0, encoded),
      input: (i, reading) => ocrInputOf(reading.frame, cursor.at(i)),
    };
    const { words, stats } = await ocrCine({
      frames,
      pool: opts.pool,
      match: opts.match,
      ocr: { signal: opts.signal, priority: opts.priority },
      signal: opts.signal,
      sampleInterval: opts.sampleInterval,
      onFrame: (i, reading) => {
        hiddenBits[i] = reading.hiddenBits;
        hidden[i].add(0, reading.hiddenPlanes);
      },
      onRepeat: (i, earlier) => {
        hiddenBits[i] = hiddenBits[earlier];
        hidden[i] = hidden[earlier];
      },
      onProgress: (done) => {
        if (done > 0) opts.onFrames?.(1);
      },
    });
    opts.onFrames?.(1);
    const byFile: ReadWord[][] = paths.map(() => []);
    for (const w of words) for (const f of w.frames) byFile[f].push(w);
    const overlayCache = new Map<string, ReadWord[]>();
    const results: OcrImageResult[] = [];
    for (let i = 0; i < paths.length; i++) {
      opts.signal?.throwIfAborted();
      const overlays = await readOverlays(cursor.at(i), hidden[i], opts, overlayCache);
      const rects: NewRect[] = [...byFile[i].map((w) => frameRect(w, null)), ...overlays.rects];
      results.push({
        status: 'done',
        error: null,
        frames: 1,
        framesRead: 1,
        overlaysRead: overlays.groups,
        hiddenBits: hiddenBits[i],
        rects,
        // The series' reads are counted once, on its first image.
        reads: i === 0 ? { whole: stats.wholeReads, regions: stats.regionReads, samples: stats.sampleReads, overlays: overlays.reads } : { whole: 0, regions: 0, samples: 0, overlays: overlays.reads },
      });
    }
    return results;
  } finally {
    cursor.close();
  }
}
