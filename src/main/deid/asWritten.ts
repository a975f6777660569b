/**
 * The As-written view: one frame of an image exactly as the writer will write it, computed by the
 * writer's own functions (`needsRedaction` and `redactFrame` for the pixels, `writtenOverlayGroups`
 * for the overlays), from the same plan (`planPixels`) and verdict the run uses. Nothing here
 * decides anything the writer does not.
 */
import { needsRedaction } from './deidentifyFile';
import type { PixelPlan } from './pixelPlan';
import { writtenOverlayGroups } from './pixelHeader';
import type { PixelVerdict } from './pixelVerdict';
import { FileSource } from '../dicom/byteSource';
import { parseDicom } from '../dicom/parseDicom';
import { decodeFrame } from '../pixels/decodeFrame';
import type { DecodedFrame } from '../pixels/decodedFrame';
import { PixelDecodeError } from '../pixels/decoders/pixelErrors';
import type { ImagePixelDescription } from '../pixels/imageDescription';
import { locatePixels } from '../pixels/locateImage';
import { extractOverlays, type OverlayPlane } from '../pixels/overlays';
import { redactFrame } from '../pixels/redactPixels';

/** What the writer would write for one frame. */
type AsWrittenFrame =
  | {
      written: true;
      frame: DecodedFrame;
      desc: ImagePixelDescription;
      /** `redacted`: decoded, boxes burned, re-encoded; `copied`: the input's pixels as they are. */
      pixels: 'redacted' | 'copied';
      /** Boxes burned into this frame, and the pixels they filled. */
      boxes: number;
      burnedPixels: number;
      /** The overlay planes the output keeps on this frame (cleared where boxes were); others are removed. */
      overlays: OverlayPlane[];
      /** Overlay groups of the input the writer removes. */
      removedOverlayGroups: number[];
    }
  | { written: false; reason: string };

/** Inputs of {@link asWrittenFrame}: the image, and the plan and verdict the run would use now. */
export interface AsWrittenInput {
  path: string;
  frame: number;
  plan: PixelPlan | undefined;
  verdict: PixelVerdict;
  /** The session can burn (the run's `pixelCleaning`). */
  pixelCleaning: boolean;
}

/** Frame `frame` of the image as written; see the module comment. */
export async function asWrittenFrame(i: AsWrittenInput): Promise<AsWrittenFrame> {
  switch (i.verdict.action) {
    case 'withhold':
      return { written: false, reason: `not written: ${i.verdict.reason}` };
    case 'read':
      return { written: false, reason: `not known yet: ${i.verdict.reason}` };
    case 'header-only':
      return { written: false, reason: i.verdict.reason };
    case 'clean':
    case 'burn':
    case 'write-uncleaned':
      break;
    default: {
      const never: never = i.verdict;
      throw new Error(`unknown verdict ${String((never as { action: unknown }).action)}`);
    }
  }
  const src = new FileSource(i.path);
  try {
    const parsed = parseDicom(src);
    const located = locatePixels(parsed);
    if (!located) throw new PixelDecodeError('NOT_AN_IMAGE', 'this file has no Pixel Data');
    const desc = located.desc;
    if (!Number.isInteger(i.frame) || i.frame < 0 || i.frame >= desc.numberOfFrames) {
      throw new PixelDecodeError('NO_SUCH_FRAME', `frame ${i.frame} requested of ${desc.numberOfFrames}`);
    }
    const redact = needsRedaction({ pixelCleaning: i.pixelCleaning, pixels: i.plan });
    const boxes = redact ? (i.plan?.frameBoxes ?? []).filter((b) => b.frame === null || b.frame === i.frame) : [];
    const { frame, burnedPixels } = redact ? await redactFrame(located, i.plan?.frameBoxes ?? [], i.frame) : { frame: await decodeFrame(desc, located.frameBytes(i.frame)), burnedPixels: 0 };
    // The writer's own notion of clean (deidentifyFile): read, and every box not rejected burned.
    const clean = i.verdict.action === 'clean' || i.verdict.action === 'burn';
    const groups = writtenOverlayGroups(parsed, i.plan, clean);
    const overlays: OverlayPlane[] = [];
    for (const g of groups) {
      if (g.written === null) continue;
      const all = extractOverlays([{ ...g.group, data: g.written }], desc);
      overlays.push(...(Math.max(1, g.group.numberOfFrames ?? 1) === 1 ? all : all.filter((p) => p.frame === i.frame)));
    }
    const removedOverlayGroups = groups.filter((g) => g.written === null).map((g) => g.group.group);
    return { written: true, frame, desc, pixels: redact ? 'redacted' : 'copied', boxes: boxes.length, burnedPixels, overlays, removedOverlayGroups };
  } finally {
    src.close();
  }
}
