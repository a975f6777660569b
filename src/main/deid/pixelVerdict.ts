/**
 * The one answer to "must this image be read, burned or withheld, and why?". Every front end and
 * stage asks it here: the OCR selection (which images to read), the writer's fail-closed check
 * (from the file it is writing), the tree's chip, the de-identify dialog and the header preview
 * (from the index and the rect database). The wording of every reason is made here too.
 */
import type { DeidOptionCode } from '../../shared/deidOptions';
import type { PixelVerdictAction } from '../../shared/pixelVerdict';
import type { PixelPlan } from './pixelPlan';

/** SOP classes whose payload is a document we cannot clean yet (PDF, CDA, STL, OBJ, MTL). */
const ENCAPSULATED_DOCUMENT_CLASSES: Readonly<Record<string, string>> = {
  '1.2.840.10008.5.1.4.1.1.104.1': 'PDF',
  '1.2.840.10008.5.1.4.1.1.104.2': 'CDA',
  '1.2.840.10008.5.1.4.1.1.104.3': 'STL',
  '1.2.840.10008.5.1.4.1.1.104.4': 'OBJ',
  '1.2.840.10008.5.1.4.1.1.104.5': 'MTL',
};

/**
 * What a header says of an image's pixels: the same fields whether they come from the scan index
 * (`StoredFileRow`) or from the file being written (`pixelFactsOf` in dicom/headerIndex.ts).
 */
interface PixelFacts {
  hasPixelData: boolean | null;
  sopClassUid: string | null;
  burnedInAnnotation: string | null;
  overlayGroups: readonly { group: number; bitPosition: number; hasData: boolean }[] | null;
}

/** Where the verdict is asked, and what the asker can still do about the pixels. */
export interface VerdictContext {
  options: readonly DeidOptionCode[];
  /**
   * The pixels can still be read before the image is written (a run with OCR before its write
   * phase; the dialog and tree when OCR is available). False in the writer itself, and where no
   * OCR is wired: an image that must be read and was not is then withheld.
   */
  canRead: boolean;
  /**
   * Boxes can be burned and outputs verified (OCR engines are at hand). Where they are not, any
   * image that needs reading or burning is withheld.
   */
  canClean: boolean;
  /** `--allow-uncleaned`: what would be withheld is written, marked uncleaned. */
  allowUncleaned: boolean;
}

/** The verdict: what happens to the pixels, and why, in the words reports and the UI show. */
export type PixelVerdict =
  /** No Pixel Data: the header is de-identified, there is nothing to read. */
  | { action: 'header-only'; reason: string }
  /** Must be read before it can be written; the run reads it first. */
  | { action: 'read'; reason: string }
  /** Read, every frame and overlay, and nothing is to burn: pixels copied, verified, then 113101 recorded. */
  | { action: 'clean'; reason: string }
  /** Read; boxes are burned (or hidden bits cleared), the output verified, then 113101 recorded. */
  | { action: 'burn'; reason: string; boxes: number }
  /** Not written: the pixels cannot be shown to be clean. `uncleaned` lists why. */
  | { action: 'withhold'; reason: string; uncleaned: string[] }
  /** Written with `--allow-uncleaned`, marked as not cleaned. */
  | { action: 'write-uncleaned'; reason: string; uncleaned: string[] };

// The union above and the contract's list of actions stay one list.
const ACTIONS_MATCH: PixelVerdict['action'] extends PixelVerdictAction ? (PixelVerdictAction extends PixelVerdict['action'] ? true : never) : never = true;
void ACTIONS_MATCH;

/** The encapsulated document format of a SOP class, or undefined. */
function documentFormat(sopClassUid: string | null): string | undefined {
  return sopClassUid ? ENCAPSULATED_DOCUMENT_CLASSES[sopClassUid] : undefined;
}

/**
 * Why the header alone does not rule burned-in identifying content out: BurnedInAnnotation not NO,
 * an overlay stored in Pixel Data bits, Overlay Data that 113103 keeps. Empty when it does.
 */
export function headerReasons(facts: PixelFacts, options: readonly DeidOptionCode[]): string[] {
  const reasons: string[] = [];
  const burned = (facts.burnedInAnnotation ?? '').trim().toUpperCase();
  if (burned !== 'NO') reasons.push(burned ? `BurnedInAnnotation is ${burned}` : 'BurnedInAnnotation is absent, so burned-in text cannot be ruled out');
  const groups = facts.overlayGroups ?? [];
  for (const g of groups) if (g.bitPosition !== 0) reasons.push(`overlay ${g.group.toString(16)} is stored in bit ${g.bitPosition} of Pixel Data`);
  if (options.includes('113103')) {
    for (const g of groups) if (g.hasData && g.bitPosition === 0) reasons.push(`overlay ${g.group.toString(16)} is kept (113103) and may hold text`);
  }
  return reasons;
}

/**
 * Boxes the plan burns: every box not rejected on Pixel Data, and on overlay planes when 113103
 * keeps them (otherwise the overlays are removed, their boxes with them).
 */
function burnBoxes(plan: PixelPlan | undefined): number {
  if (!plan) return 0;
  const overlay = plan.keepOverlays ? Object.values(plan.overlayBoxes).reduce((n, list) => n + list.length, 0) : 0;
  return plan.frameBoxes.length + overlay;
}

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 'es'}`;
}

/** Why a plan's pixels are not known to be clean, or undefined when they are. */
function unreadReason(plan: PixelPlan | undefined, wanted: string): string | undefined {
  switch (plan?.ocr ?? 'not-read') {
    case 'done':
      return plan?.verifyProblem;
    case 'not-read':
      return `pixels not read (${wanted})`;
    case 'stale':
      return `the file changed since its pixels were read (${wanted})`;
    case 'undecodable':
      return plan?.ocrError ?? 'cannot decode the pixels';
    case 'failed':
      return `OCR failed: ${plan?.ocrError ?? 'unknown error'}`;
  }
}

function notClean(uncleaned: string[], ctx: VerdictContext): PixelVerdict {
  const reason = `pixels not cleaned: ${uncleaned.join('; ')}`;
  return ctx.allowUncleaned ? { action: 'write-uncleaned', reason, uncleaned } : { action: 'withhold', reason, uncleaned };
}

/**
 * The verdict on one image. `facts` come from its header; `plan` is what the rect database holds
 * for it (its OCR record and the boxes to burn), absent when nothing was ever recorded.
 * Fail closed: every image with pixels is written only once every frame and overlay was read, every
 * box not rejected can be burned, and the verify pass found no text left.
 */
export function judgePixels(facts: PixelFacts, plan: PixelPlan | undefined, ctx: VerdictContext): PixelVerdict {
  const document = documentFormat(facts.sopClassUid);
  if (document) {
    const reason = `encapsulated ${document} document: its content cannot be de-identified yet`;
    return { action: 'withhold', reason, uncleaned: [reason] };
  }
  if (!facts.hasPixelData) return { action: 'header-only', reason: 'no Pixel Data: header only' };
  const header = headerReasons(facts, ctx.options);
  const boxes = burnBoxes(plan);
  // Hidden bits found while copying an image whose header said NO: it was read to clear them.
  const hidden = plan?.clearHiddenBits === true;
  // A header's NO is a hint, not proof: every image with pixels is read before it is written.
  const wanted = [...header, ...(boxes ? [`${plural(boxes, 'box')} to burn`] : []), ...(hidden ? ['hidden bits to clear'] : [])].join('; ') || 'its pixels must be read for burned-in text';
  if (!ctx.canClean) return notClean([`${wanted}; pixel cleaning is off in this run`], ctx);
  if (plan?.ocr === 'done') {
    if (plan.verifyProblem) return notClean([plan.verifyProblem], ctx);
    if (boxes > 0 || hidden) {
      const what = [boxes ? `${plural(boxes, 'box')} burned` : '', hidden ? 'hidden bits cleared' : ''].filter(Boolean).join(', ');
      return { action: 'burn', reason: `read: ${what}, then verified`, boxes };
    }
    if (plan.gateCleared) {
      // Say what was checked: overlays are mentioned only when the file has some (the detector read them).
      const overlays = (facts.overlayGroups ?? []).some((g) => g.hasData) ? 'its overlays read by the detector' : 'no overlay in the file';
      return { action: 'clean', reason: `gate-cleared: no frame holds text-like structure (the text gate, not OCR), ${overlays}, nothing to burn, then checked again on the written pixels` };
    }
    return { action: 'clean', reason: 'read: every frame and overlay, nothing to burn, then verified' };
  }
  const stale = plan?.ocr === 'not-read' || plan?.ocr === 'stale' || plan === undefined;
  if (stale && ctx.canRead) return { action: 'read', reason: `to be read before writing: ${wanted}` };
  return notClean([unreadReason(plan, wanted) as string], ctx);
}

/** True when the image's pixels must be read before it can be written (the OCR selection). */
export function mustBeRead(facts: PixelFacts, plan: PixelPlan | undefined, options: readonly DeidOptionCode[]): boolean {
  const unread = plan ? { ...plan, ocr: 'not-read' as const } : undefined;
  return judgePixels(facts, unread, { options, canRead: true, canClean: true, allowUncleaned: false }).action === 'read';
}
