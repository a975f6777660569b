/**
 * Serves {@link ViewerRequest}s on a worker thread (or inline when the pool has no threads): the
 * viewer's image info, frames and overlay planes, the header preview, and header descriptions.
 */
import { CodedError } from '../../shared/codedError';
import { asWrittenFrame } from '../deid/asWritten';
import { previewHeader } from '../deid/headerPreview';
import { FileSource } from '../dicom/byteSource';
import { readIdentityRemoved } from '../dicom/identityRemoved';
import { TAG } from '../dicom/dictionary';
import { readAscii, readText } from '../dicom/elementValues';
import { parseDicom } from '../dicom/parseDicom';
import { frameOverlays, packPlaneBits } from '../pixels/frameOverlays';
import { describeImageFile, renderFrame, toDisplay } from '../pixels/viewerFrame';
import type { OverlayPlane } from '../pixels/overlays';
import type { AsWrittenAnswer, HeaderTextKeyword, PackedOverlayPlane, ViewerRequest, ViewerResponse } from './viewerProtocol';

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
        overlays: planes.map(packPlane),
      };
    }
    case 'headerPreview':
      // The key crosses the thread as a Uint8Array; the writer hashes with it as a Buffer.
      return { kind: 'headerPreview', preview: await previewHeader({ ...request.input, secret: Buffer.from(request.input.secret) }) };
    case 'headerTexts':
      return { kind: 'headerTexts', values: headerTexts(request.path, request.keywords) };
    case 'asWritten':
      return { kind: 'asWritten', ...(await asWritten(request)) };
    case 'identityRemoved':
      return { kind: 'identityRemoved', removed: request.paths.map(readIdentityRemoved) };
    default: {
      const never: never = request;
      throw new Error(`unknown viewer request ${JSON.stringify(never)}`);
    }
  }
}

/** An overlay plane with its bits packed eight to a byte, base64-encoded, as the viewer takes it. */
function packPlane(p: OverlayPlane): PackedOverlayPlane {
  return { group: p.group, originRow: p.originRow, originColumn: p.originColumn, rows: p.rows, columns: p.columns, bits: Buffer.from(packPlaneBits(p.bits)).toString('base64') };
}

/** The As-written frame or its overlays, computed by the writer's own functions (`deid/asWritten.ts`). */
async function asWritten(request: Extract<ViewerRequest, { kind: 'asWritten' }>): Promise<{ written: AsWrittenAnswer | null; reason: string }> {
  const w = await asWrittenFrame(request.input);
  if (!w.written) return { written: null, reason: w.reason };
  const kept = w.overlays.filter((p) => p.group >= 0x6000);
  return {
    reason: '',
    written: {
      frame: request.want === 'frame' ? toDisplay(w.frame, w.desc, request.input.frame, request.format) : null,
      pixels: w.pixels,
      boxes: w.boxes,
      burnedPixels: w.burnedPixels,
      overlays: request.want === 'overlays' ? kept.map(packPlane) : null,
      keptOverlayGroups: [...new Set(w.overlays.map((p) => p.group))],
      removedOverlayGroups: w.removedOverlayGroups,
    },
  };
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
