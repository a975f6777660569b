/**
 * The requests the app's handlers send the pool so that reading an image for the viewer and the
 * header preview (parsing, decoding) runs on a worker thread, never on the main thread's event
 * loop: plain data in, plain data out. Served by `viewerRequests.ts`.
 */
import type { AsWrittenInput } from '../deid/asWritten';
import type { HeaderPreviewInput, HeaderPreviewResult } from '../deid/headerPreview';
import type { ImagePixelDescription } from '../pixels/imageDescription';
import type { renderFrame } from '../pixels/viewerFrame';

/** An overlay group as the image info lists it (its data stays in the worker). */
interface OverlayGroupInfo {
  group: number;
  rows?: number;
  columns?: number;
  /** The overlay lives in Pixel Data bits (no Overlay Data, a bit position above 0). */
  inPixelBits: boolean;
}

/** One overlay plane of a frame, its bits packed eight to a byte and base64-encoded. */
export interface PackedOverlayPlane {
  group: number;
  originRow: number;
  originColumn: number;
  rows: number;
  columns: number;
  bits: string;
}

/** A request about one image file (or its header) for the viewer. */
export type ViewerRequest =
  | { kind: 'imageInfo'; path: string }
  | { kind: 'viewerFrame'; path: string; frame: number; format: Parameters<typeof renderFrame>[2] }
  | { kind: 'frameOverlays'; path: string; frame: number }
  | { kind: 'headerPreview'; input: HeaderPreviewInput }
  | { kind: 'headerTexts'; path: string; keywords: readonly HeaderTextKeyword[] }
  /** A frame as the writer will write it (the As-written view): its pixels for the viewer (`frame`) or its kept overlay planes (`overlays`). */
  | { kind: 'asWritten'; input: AsWrittenInput; want: 'frame' | 'overlays'; format: Parameters<typeof renderFrame>[2] }
  /** PatientIdentityRemoved YES of each file (false when unreadable), for the read-only judgement of a folder. */
  | { kind: 'identityRemoved'; paths: readonly string[] };

/** What the As-written view is told of a frame the writer writes. */
export interface AsWrittenAnswer {
  /** The frame for the viewer (null when only the overlays were asked). */
  frame: Awaited<ReturnType<typeof renderFrame>> | null;
  pixels: 'redacted' | 'copied';
  boxes: number;
  burnedPixels: number;
  /** Kept overlay planes of 60xx groups (null when only the frame was asked). */
  overlays: PackedOverlayPlane[] | null;
  keptOverlayGroups: number[];
  removedOverlayGroups: number[];
}

/** The attributes `headerTexts` reads (descriptions the index does not hold). */
export type HeaderTextKeyword = 'SeriesDescription' | 'StudyDescription';

/** The answer to a {@link ViewerRequest}; `requestFailed` carries the coded error the handler threw. */
export type ViewerResponse =
  | { kind: 'imageInfo'; desc: ImagePixelDescription; overlays: OverlayGroupInfo[] }
  | { kind: 'viewerFrame'; frame: Awaited<ReturnType<typeof renderFrame>> }
  | { kind: 'frameOverlays'; overlays: PackedOverlayPlane[] }
  | { kind: 'headerPreview'; preview: HeaderPreviewResult }
  | { kind: 'headerTexts'; values: Partial<Record<HeaderTextKeyword, string | null>> }
  | { kind: 'asWritten'; written: AsWrittenAnswer | null; reason: string }
  | { kind: 'identityRemoved'; removed: boolean[] }
  | { kind: 'requestFailed'; code: string; message: string };

