/**
 * The header side of pixel cleaning: what replaces the Image Pixel attributes when Pixel Data is
 * re-encoded, BurnedInAnnotation once an image is clean, cleaned Overlay Data under 113103, and
 * which attributes no longer hold (extended offset tables, smallest/largest values).
 */
import type { TopLevelValue } from './datasetRewriter';
import type { ResolvedAction } from './profileActions';
import { readOverlayGroups } from '../pixels/locateImage';
import { EXPLICIT_LE, IMPLICIT_LE } from '../dicom/transferSyntax';
import type { ParsedDicom } from '../dicom/types';
import { clearOverlayBoxes } from '../pixels/overlayRedaction';
import type { OverlayGroupInput } from '../pixels/overlays';
import type { PixelPlan } from './pixelPlan';
import type { RedactedPixels } from '../pixels/redactPixels';
import { TAG } from '../dicom/dictionary';

/** Changes to the header of one image's output. */
interface PixelHeaderEdits {
  /** Attributes written in place of (or in addition to) the input's, at the top level. */
  topLevel: Map<number, TopLevelValue>;
  /** Overrides the profile's action for these tags (removal), or undefined. */
  override(tag: number): ResolvedAction | undefined;
  /** The output transfer syntax when Pixel Data was re-encoded. */
  transferSyntax?: string;
}

const REMOVED_BY_REWRITE: ResolvedAction = Object.freeze({ action: 'remove', rule: 'pixel data re-encoded: no longer holds' });
const OVERLAY_DROPPED: ResolvedAction = Object.freeze({ action: 'remove', rule: 'overlay not cleaned: removed' });
/** Extended Offset Table and Lengths, Smallest/Largest Image and Series Pixel Values. */
const STALE_AFTER_REWRITE: ReadonlySet<number> = new Set([TAG.ExtendedOffsetTable, TAG.ExtendedOffsetTableLengths, TAG.SmallestImagePixelValue, TAG.LargestImagePixelValue, TAG.SmallestPixelValueInSeries, TAG.LargestPixelValueInSeries]);

/** What the edits depend on. */
interface PixelHeaderInput {
  parsed: ParsedDicom;
  plan: PixelPlan | undefined;
  /** Every frame and overlay was read and every box not rejected burned: BurnedInAnnotation NO. */
  clean: boolean;
  redacted: RedactedPixels | undefined;
}

/** Builds the header edits for one image. */
export function pixelHeaderEdits(i: PixelHeaderInput): PixelHeaderEdits {
  const topLevel = new Map<number, TopLevelValue>();
  const removedTags = new Map<number, ResolvedAction>();
  const removedGroups = new Set<number>();
  let transferSyntax: string | undefined;
  const r = i.redacted;
  if (r) {
    const a = r.attributes;
    const us = (tag: number, value: number): void => {
      topLevel.set(tag, { kind: 'number', vr: 'US', value });
    };
    us(TAG.SamplesPerPixel, a.samplesPerPixel);
    topLevel.set(TAG.PhotometricInterpretation, { kind: 'text', vr: 'CS', value: a.photometric });
    if (a.samplesPerPixel === 3) us(TAG.PlanarConfiguration, 0);
    us(TAG.BitsAllocated, a.bitsAllocated);
    us(TAG.BitsStored, a.bitsStored);
    us(TAG.HighBit, a.highBit);
    us(TAG.PixelRepresentation, a.pixelRepresentation);
    const pixelTag = r.vr === 'OF' ? TAG.FloatPixelData : TAG.PixelData;
    topLevel.set(pixelTag, { kind: 'chunks', vr: r.vr, chunks: r.value });
    if (r.lossyMethod) {
      // Once lossy, always lossy (PS3.3 C.7.6.1.1.5): decoding does not undo the loss.
      topLevel.set(TAG.LossyImageCompression, { kind: 'text', vr: 'CS', value: '01' });
      if (!i.parsed.dataset.some((e) => e.tag === TAG.LossyImageCompressionMethod)) topLevel.set(TAG.LossyImageCompressionMethod, { kind: 'text', vr: 'CS', value: r.lossyMethod });
    }
    for (const tag of STALE_AFTER_REWRITE) removedTags.set(tag, REMOVED_BY_REWRITE);
    transferSyntax = i.parsed.transferSyntax.explicitVr ? EXPLICIT_LE : IMPLICIT_LE;
  }
  if (i.clean) topLevel.set(TAG.BurnedInAnnotation, { kind: 'text', vr: 'CS', value: 'NO' });

  for (const w of writtenOverlayGroups(i.parsed, i.plan, i.clean)) {
    if (w.written === null) removedGroups.add(w.group.group);
    else if (w.cleared) {
      const vr = i.parsed.dataset.find((e) => e.tag === (((w.group.group << 16) | 0x3000) >>> 0))?.vr === 'OB' ? 'OB' : 'OW';
      topLevel.set(((w.group.group << 16) | 0x3000) >>> 0, { kind: 'chunks', vr, chunks: [w.written.length % 2 ? padEven(w.written) : w.written] });
    }
  }
  return {
    topLevel,
    override: (tag) => removedTags.get(tag) ?? (removedGroups.has(tag >>> 16) ? OVERLAY_DROPPED : undefined),
    transferSyntax,
  };
}

/** One overlay group of the input and what the writer does with it. */
interface WrittenOverlayGroup {
  group: OverlayGroupInput;
  /** Its Overlay Data as written; null when the group is removed. */
  written: Uint8Array | null;
  /** True when boxes were cleared in it (the data differs from the input's). */
  cleared: boolean;
}

/**
 * What the writer does with each overlay group (60xx): kept only under 113103 on a clean image
 * whose Overlay Data was read, with the bits under its boxes cleared; removed otherwise (overlays
 * in Pixel Data bits are cleared by the re-encoding, so their groups describe nothing any more).
 * The writer's header edits and the As-written view both ask this.
 */
export function writtenOverlayGroups(parsed: ParsedDicom, plan: PixelPlan | undefined, clean: boolean): WrittenOverlayGroup[] {
  const keep = plan?.ocr === 'done' && plan.keepOverlays && clean;
  const rows = numberOf(parsed, TAG.Rows);
  const columns = numberOf(parsed, TAG.Columns);
  return readOverlayGroups(parsed).map((g) => {
    const hasData = g.data !== undefined && g.data.length > 0;
    if (!keep || !hasData) return { group: g, written: null, cleared: false };
    const boxes = plan.overlayBoxes[g.group] ?? [];
    if (boxes.length === 0) return { group: g, written: g.data ?? null, cleared: false };
    return { group: g, written: clearOverlayBoxes(g, rows, columns, boxes), cleared: true };
  });
}

function numberOf(parsed: ParsedDicom, tag: number): number {
  const el = parsed.dataset.find((e) => e.tag === tag);
  if (!el || el.valueLength < 2) return 0;
  const b = parsed.datasetSource.read(el.valueOffset, 2);
  return parsed.transferSyntax.littleEndian ? b[0] | (b[1] << 8) : (b[0] << 8) | b[1];
}

function padEven(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  return out;
}
