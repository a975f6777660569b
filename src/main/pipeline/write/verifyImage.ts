/**
 * The verify pass on one written image, with methods that did not propose its boxes (see
 * `ocr/verifyText.ts`): the detector looks again, and tesseract reads the whole of every frame.
 * Any text left outside the regions explained as harmless — boxes a reviewer rejected, text the
 * judge kept — is a finding; only an image with none is called clean.
 */
import type { Rect } from '../../../shared/model/rects';
import { FileSource } from '../../dicom/byteSource';
import { DicomParseError } from '../../dicom/dicomErrors';
import { parseDicom } from '../../dicom/parseDicom';
import { locatePixels } from '../../pixels/locateImage';
import { PixelDecodeError } from '../../pixels/decoders/pixelErrors';
import { findImageText } from '../../ocr/imageText';
import type { FindEngines, JudgeLine } from '../../ocr/textFinder';
import { checkTextLeft, describeTextLeft, type ExplainedBox, type TextLeft, type VerifyEngines } from '../../ocr/verifyText';

/** The verdict on one file. */
interface VerifyResult {
  /** `clean`: nothing found; `found`: text left; `failed`: the file could not be read. */
  status: 'clean' | 'found' | 'failed';
  findings: TextLeft[];
  error: string | null;
}

/** Knobs of {@link verifyImageFile}. */
interface VerifyOptions {
  engines: VerifyEngines;
  explained: readonly ExplainedBox[];
  /**
   * Also explain what the judge keeps when the finder reads the written image itself (for trees
   * whose record is not at hand: `deid-studio verify` on any tree).
   */
  keep?: { engines: FindEngines; judge: JudgeLine };
  signal?: AbortSignal;
  /** Frames nothing was burned in (see `checkTextLeft`): the text gate may check them. */
  unburnedFrame?: (frame: number) => boolean;
  /** Frames an earlier round of this image's verify found clean (see `checkTextLeft`). */
  checkedClean?: Set<string>;
}

/** The regions of an image's record explained as harmless: rejected boxes and text kept unflagged. */
export function explainedBoxes(rects: readonly Rect[]): ExplainedBox[] {
  return rects
    .filter((r) => r.status === 'rejected' || r.status === 'unflagged')
    .map((r) => ({ plane: r.plane, overlayGroup: r.overlayGroup ?? null, frame: r.frame, x: r.x, y: r.y, w: r.w, h: r.h }));
}

/** Checks a written image; never throws except for cancellation. */
export async function verifyImageFile(path: string, opts: VerifyOptions): Promise<VerifyResult> {
  let src: FileSource | undefined;
  try {
    src = new FileSource(path);
    const located = locatePixels(parseDicom(src));
    if (!located) return { status: 'clean', findings: [], error: null };
    const explained = [...opts.explained];
    if (opts.keep) {
      const found = await findImageText(located, { engines: opts.keep.engines, judge: opts.keep.judge, signal: opts.signal });
      for (const r of found.rects) if (r.status === 'unflagged') explained.push({ plane: r.plane, overlayGroup: r.overlayGroup ?? null, frame: r.frame, x: r.x, y: r.y, w: r.w, h: r.h });
    }
    const findings = await checkTextLeft(located, { engines: opts.engines, explained, signal: opts.signal, unburnedFrame: opts.unburnedFrame, checkedClean: opts.checkedClean });
    return { status: findings.length ? 'found' : 'clean', findings, error: null };
  } catch (e) {
    if (opts.signal?.aborted || (e instanceof Error && e.name === 'AbortError')) throw e;
    const why = e instanceof DicomParseError || e instanceof PixelDecodeError ? e.message : (e as Error).message;
    return { status: 'failed', findings: [], error: why };
  } finally {
    src?.close();
  }
}

/** The findings in words for reports (never the text itself). */
export function describeFindings(findings: readonly TextLeft[]): string {
  return describeTextLeft(findings);
}
