/** One OCR read of a frame, a region of it or an overlay plane, turned into judged words. */
import type { Allowlist } from '../phi/defaultAllowlist';
import type { Box } from './grayImage';
import type { OcrFrameInput } from './intensity';
import { ocrFrame, ocrOverlay, type OcrFrameOptions, type OcrRect } from './ocrFrame';
import type { IdentifierSet } from '../phi/phiMatch';
import type { Denylist } from '../phi/pixelTerms';
import type { OverlayPlane } from './preprocess';
import { proposeRedactions } from './proposeRedactions';
import type { OcrPool } from './tesseractPool';

/** What decides whether text is identifying. */
export interface MatchContext {
  identifiers: IdentifierSet;
  allowlist: Allowlist;
  /** The project's denylist; absent: none. */
  denylist?: Denylist;
  /** Propose every box with a letter or digit. */
  redactAllText: boolean;
}

/** A word read in a frame (or overlay), in source pixels, with the verdict on it. */
export interface ReadWord {
  box: Box;
  text: string;
  confidence: number;
  /** True when the text matched an identifier or pattern (or every text is redacted). */
  proposed: boolean;
  /** The match reason (`name:MULLER`, `pattern:date`, `all-text`), or null. */
  reason: string | null;
}

/**
 * Runs the proposal rules over one read's words. Weak words (likely junk from anatomy) take part
 * in the matching, so a badly read name is still caught, but only those that match the patient's
 * own identifiers are kept; a pattern or `--redact-all-text` alone would burn noise.
 */
export function judgeWords(rects: readonly OcrRect[], match: MatchContext): ReadWord[] {
  const proposals = proposeRedactions(rects, match.identifiers, match.allowlist, { redactAllText: match.redactAllText, deny: match.denylist });
  const reasons = new Map(proposals.map((p) => [p.rect, p.reason]));
  const own = match.redactAllText && rects.some((r) => r.weak)
    ? new Map(proposeRedactions(rects, match.identifiers, match.allowlist, { deny: match.denylist }).map((p) => [p.rect, p.reason]))
    : reasons;
  const identifying = (reason: string | undefined): boolean => reason !== undefined && reason !== 'all-text' && !reason.startsWith('pattern:');
  return rects.filter((r) => !r.weak || identifying(own.get(r))).map((r) => ({
    box: r.box,
    text: r.text,
    confidence: r.confidence,
    proposed: reasons.has(r),
    reason: reasons.get(r) ?? null,
  }));
}

/**
 * OCRs a whole frame (or, with `region`, only that part of it) and judges its words (boxes in
 * frame pixels). A region is cut around changed ink, so it is read through the text windows only
 * (its extreme plateau is the text itself, however much of the region it covers), and through the
 * grey view only when the windows find nothing.
 */
export async function readFrameWords(pool: OcrPool, frame: OcrFrameInput, match: MatchContext, opts: OcrFrameOptions, region?: Box): Promise<ReadWord[]> {
  let rects;
  if (region) {
    const input = cropFrame(frame, region);
    rects = await ocrFrame(pool, input, { plateauMaxFraction: 0.6, kinds: ['bright', 'dark'], ...opts });
    if (rects.length === 0) rects = await ocrFrame(pool, input, { kinds: ['full'], ...opts });
  } else {
    rects = await ocrFrame(pool, frame, opts);
  }
  const words = judgeWords(rects, match);
  if (!region) return words;
  return words.map((w) => ({ ...w, box: { ...w.box, x: w.box.x + region.x, y: w.box.y + region.y } }));
}

/** OCRs an overlay plane and judges its words (boxes in the plane's pixels). */
export async function readOverlayWords(pool: OcrPool, plane: OverlayPlane, match: MatchContext, opts: OcrFrameOptions): Promise<ReadWord[]> {
  return judgeWords(await ocrOverlay(pool, plane, opts), match);
}

/** A copy of `region` of a frame, as a frame of its own (so its text windows use its own range). */
function cropFrame(frame: OcrFrameInput, region: Box): OcrFrameInput {
  const spp = frame.samplesPerPixel;
  const make = frame.data.constructor as new (n: number) => OcrFrameInput['data'];
  const data = new make(region.w * region.h * spp);
  for (let y = 0; y < region.h; y++) {
    const from = ((region.y + y) * frame.width + region.x) * spp;
    data.set(frame.data.subarray(from, from + region.w * spp), y * region.w * spp);
  }
  return { ...frame, data, width: region.w, height: region.h };
}
