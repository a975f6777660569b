/**
 * Serves {@link ViewerRequest}s on a worker thread (or inline when the pool has no threads): the
 * viewer's image info, frames and overlay planes, the header preview, and header descriptions.
 */
import { CodedError } from '../../shared/codedError';
import { previewHeader } from '../deid/headerPreview';
import { FileSource } from '../dicom/byteSource';
import { TAG } from '../dicom/dictionary';
import { readAscii, readText } from '../dicom/elementValues';
import { parseDicom } from '../dicom/parseDicom';
import { frameOverlays, packPlaneBits } from '../pixels/frameOverlays';
import { describeImageFile, renderFrame } from '../pixels/viewerFrame';
import type { HeaderTextKeyword, ViewerRequest, ViewerResponse } from './viewerProtocol';

/** Answers one viewer request; a coded error (no image, no such frame, a bad file) comes back as `requestFailed`. */
export async function handleViewerRequest(request: ViewerRequest): Promise<ViewerResponse> {
  try {
    return await serve(request);
  } catch (e) {
    if (e instanceof CodedError) return { kind: 'requestFailed', code: e.code, message: e.message };
    throw e;
  }
}

async function serve(request: ViewerRequest): Promise<ViewerResponse> {
  switch (request.kind) {
    case 'imageInfo': {
      const { desc, overlays } = describeImageFile(request.path);
      return {
        kind: 'imageInfo',
        desc,
        overlays: overlays.map((o) => ({ group: o.group, rows: o.rows, columns: o.columns, inPixelBits: o.data === undefined && (o.bitPosition ?? 0) !== 0 })),
      };
    }
    case 'viewerFrame':
      return { kind: 'viewerFrame', frame: await renderFrame(request.path, request.frame, request.format) };
    case 'frameOverlays': {
      const planes = await frameOverlays(request.path, request.frame);
      return {
        kind: 'frameOverlays',
        overlays: planes.map((p) => ({ group: p.group, originRow: p.originRow, originColumn: p.originColumn, rows: p.rows, columns: p.columns, bits: Buffer.from(packPlaneBits(p.bits)).toString('base64') })),
      };
    }
    case 'headerPreview':
      // The key crosses the thread as a Uint8Array; the writer hashes with it as a Buffer.
      return { kind: 'headerPreview', preview: await previewHeader({ ...request.input, secret: Buffer.from(request.input.secret) }) };
    case 'headerTexts':
      return { kind: 'headerTexts', values: headerTexts(request.path, request.keywords) };
    default: {
      const never: never = request;
      throw new Error(`unknown viewer request ${JSON.stringify(never)}`);
    }
  }
}

/** The tag of each attribute `headerTexts` reads, spelled out so the bundle inlines them (no TAG object). */
const HEADER_TEXT_TAGS: Readonly<Record<HeaderTextKeyword, number>> = { SeriesDescription: TAG.SeriesDescription, StudyDescription: TAG.StudyDescription };

/** The text of each asked attribute of a file's header, null when absent or unreadable. */
function headerTexts(path: string, keywords: readonly HeaderTextKeyword[]): Partial<Record<HeaderTextKeyword, string | null>> {
  const values: Partial<Record<HeaderTextKeyword, string | null>> = {};
  let src: FileSource | undefined;
  try {
    src = new FileSource(path);
    const parsed = parseDicom(src, { stopAtPixelData: true });
    const charsetEl = parsed.dataset.find((e) => e.tag === TAG.SpecificCharacterSet);
    const charset = charsetEl ? readAscii(parsed.datasetSource.read(charsetEl.valueOffset, charsetEl.valueLength)) : undefined;
    for (const keyword of keywords) {
      const el = parsed.dataset.find((e) => e.tag === HEADER_TEXT_TAGS[keyword]);
      values[keyword] = el ? readText(parsed.datasetSource, el, charset) || null : null;
    }
  } catch {
    for (const keyword of keywords) values[keyword] = null;
  } finally {
    src?.close();
  }
  return values;
}
