import type { ByteSource, DicomElement, DicomItem } from '../dicom/types';
import { chunksLength, type Chunk, type SourceRange } from '../dicom/chunks';
import { readAscii } from '../dicom/elementValues';
import { dictionaryVr, keywordOf, TAG, tagText } from '../dicom/dictionary';
import { dummyValue } from './dummyValues';
import { encodeElement, encodeHeader, itemHeader, type OutputEncoding } from '../dicom/elementEncoder';
import { UNKNOWN_TAG_RULE, type ResolvedAction } from './profileActions';
import type { ValueDecision, ValueRules } from './valueRules';
import { CLASS_UID_TAGS } from './uidRemap';

/** An element to write in place of (or in addition to) what the input has, at the top level. */
export type TopLevelValue =
  | { kind: 'text'; vr: string; value: string }
  | { kind: 'number'; vr: string; value: number }
  | { kind: 'chunks'; vr: string; chunks: Chunk[] };

/** Everything the rewrite needs to know about the input and the policy. */
export interface RewriteContext {
  src: ByteSource;
  inputLittleEndian: boolean;
  inputExplicitVr: boolean;
  out: OutputEncoding;
  charset: string | undefined;
  resolve: (tag: number) => ResolvedAction | undefined;
  /** Remaps one UID; `null` when UIDs are retained (option 113110). */
  remapUid: ((uid: string) => string) | null;
  /** Top-level attributes replaced or inserted (PatientID, PatientName, de-identification method). */
  topLevel: ReadonlyMap<number, TopLevelValue>;
  /** Counts of actions taken, for the report. */
  counts: Record<string, number>;
  /** Rules that read values (date shifting, the PHI matcher on text); absent: cleaned attributes get their Basic Profile action. */
  values?: ValueRules;
  /** What the walk found that the caller must act on (filled in as it goes). */
  findings: RewriteFindings;
}

/** Structures the profile cannot vouch for, found while rewriting. */
export interface RewriteFindings {
  /** Tags unknown to the generated dictionary, removed (as `(gggg,eeee)`). */
  unknownTags: Set<string>;
  /** Where Pixel Data sits below the top level in a structure that would be written, if anywhere. */
  nestedPixelData?: string;
}

/** VRs whose value the writer cannot read as text or numbers: a sequence hidden in one is removed unless it is walked. */
const OPAQUE_VRS: ReadonlySet<string> = new Set(['OB', 'OW', 'UN', 'UT', 'LT']);
const PIXEL_DATA_TAGS: ReadonlySet<number> = new Set([TAG.PixelData, TAG.FloatPixelData, TAG.DoubleFloatPixelData]);
const ITEM_TAG_BYTES = [0xfe, 0xff, 0x00, 0xe0];

interface Emitted {
  chunks: Chunk[];
  length: number;
  changed: boolean;
}

/** Sequences with a compound X code that are Type 2 in common IODs, so they are emptied, not removed. */
const TYPE2_SEQUENCES: ReadonlySet<number> = new Set([
  TAG.AcquisitionContextSequence,
  TAG.ReferencedPerformedProcedureStepSequence, // Type 2 in the SR Document Series module
]);

/**
 * Sequences with action D that are Type 1C where they occur and whose item attributes all have
 * actions of their own in Table E.1-1: their items are kept and de-identified attribute by
 * attribute. Every other D sequence is written empty, because its items may hold values the table
 * does not list (free text in Content Sequence, codes identifying a person).
 */
const DUMMY_BY_ITEMS: ReadonlySet<number> = new Set([TAG.VerifyingObserverSequence]);

const SWAP_WIDTH: Readonly<Record<string, 2 | 4 | 8>> = {
  US: 2, SS: 2, OW: 2, AT: 2, UL: 4, SL: 4, FL: 4, OF: 4, OL: 4, FD: 8, OD: 8, SV: 8, UV: 8, OV: 8,
};

/** Rewrites a whole data set; the top-level values in `ctx.topLevel` replace or are inserted in tag order. */
export function rewriteDataset(ctx: RewriteContext, elements: readonly DicomElement[]): Chunk[] {
  const pending = [...ctx.topLevel.keys()].sort((a, b) => a - b);
  const out: Chunk[] = [];
  const emitPendingBefore = (tag: number): void => {
    while (pending.length && pending[0] < tag) {
      const t = pending.shift() as number;
      out.push(...encodeTopLevel(ctx, t));
    }
  };
  for (const el of elements) {
    emitPendingBefore(el.tag);
    if (ctx.topLevel.has(el.tag)) {
      if (pending[0] === el.tag) {
        pending.shift();
        out.push(...encodeTopLevel(ctx, el.tag));
        bump(ctx, 'replaced');
      }
      continue;
    }
    out.push(...rewriteElement(ctx, el, 0).chunks);
  }
  emitPendingBefore(Number.POSITIVE_INFINITY);
  return out;
}

function encodeTopLevel(ctx: RewriteContext, tag: number): Chunk[] {
  const v = ctx.topLevel.get(tag) as TopLevelValue;
  if (v.kind === 'text' || v.kind === 'number') return encodeElement(tag, v.vr, v.value, ctx.out);
  const length = chunksLength(v.chunks);
  return [encodeHeader(tag, v.vr, length, ctx.out), ...v.chunks];
}

function rewriteElement(ctx: RewriteContext, el: DicomElement, depth: number): Emitted {
  const table = ctx.resolve(el.tag);
  // Fail closed: an attribute kept only once cleaned is not kept by a writer without the cleaner.
  const resolved = table?.clean && !ctx.values ? table.fallback : table;
  const vr = effectiveVr(el);
  if (resolved?.rule === UNKNOWN_TAG_RULE) ctx.findings.unknownTags.add(tagText(el.tag));
  // Fail closed: a sequence hidden in an opaque VR that the parser could not walk cannot be checked.
  if (!el.items && OPAQUE_VRS.has(vr) && looksLikeItems(ctx, el)) {
    bump(ctx, 'removedOpaqueSequence');
    return emitted([], true);
  }
  const action = resolved?.action ?? 'keep';
  const decided = action === 'keep' && !el.items && vr !== 'SQ' ? ctx.values?.decide(el, vr, resolved) : undefined;
  if (decided) return applyDecision(ctx, el, vr, decided);
  // An empty sequence satisfies only a Type 2 attribute and is an error in a Type 3 one, so when the
  // table also allows X, a sequence is removed rather than emptied (Type 2 exceptions aside).
  const dropSequence = vr === 'SQ' && resolved?.removable === true && (action === 'empty' || action === 'dummy') && !TYPE2_SEQUENCES.has(el.tag);
  if (action === 'remove' || dropSequence || (vr === 'SQ' && !el.items)) {
    // A sequence we could not walk (a UN-encoded SQ) cannot be checked, so it goes: fail closed.
    bump(ctx, 'removed');
    return emitted([], true);
  }
  switch (action) {
    case 'empty':
      bump(ctx, 'emptied');
      return emitted([encodeHeader(el.tag, vr, 0, ctx.out)], true);
    case 'dummy': {
      if (vr === 'UI') return remapElement(ctx, el, vr, true);
      if (vr === 'SQ' && el.items && DUMMY_BY_ITEMS.has(el.tag)) return rewriteSequence(ctx, el, depth);
      bump(ctx, 'dummied');
      return emitted(encodeElement(el.tag, vr, vr === 'SQ' ? null : dummyValue(vr), ctx.out), true);
    }
    case 'remapUid':
      return remapElement(ctx, el, vr, true);
    case 'keep':
    case 'keepRemapInside':
      if (depth > 0 && PIXEL_DATA_TAGS.has(el.tag)) ctx.findings.nestedPixelData ??= `${keywordOf(el.tag)} at depth ${depth}`;
      if (el.items) return rewriteSequence(ctx, el, depth);
      if (vr === 'UI' && ctx.remapUid && !CLASS_UID_TAGS.has(el.tag)) return remapElement(ctx, el, vr, false);
      return unchanged(ctx, el, vr);
    default: {
      const never: never = action;
      throw new Error(`unhandled action ${String(never)}`);
    }
  }
}

function applyDecision(ctx: RewriteContext, el: DicomElement, vr: string, decided: ValueDecision): Emitted {
  switch (decided.kind) {
    case 'remove':
      bump(ctx, 'removed');
      return emitted([], true);
    case 'empty':
      bump(ctx, 'emptied');
      return emitted([encodeHeader(el.tag, vr, 0, ctx.out)], true);
    case 'text':
      bump(ctx, 'cleaned');
      return emitted(encodeElement(el.tag, vr, decided.value, ctx.out), true);
    default: {
      const never: never = decided;
      throw new Error(`unhandled decision ${String(never)}`);
    }
  }
}

function remapElement(ctx: RewriteContext, el: DicomElement, vr: string, forced: boolean): Emitted {
  if (!ctx.remapUid) return unchanged(ctx, el, vr);
  const original = readAscii(ctx.src.read(el.valueOffset, el.valueLength));
  const remapped = original.split('\\').map((u) => (u ? ctx.remapUid?.(u) ?? u : u)).join('\\');
  if (remapped === original && !forced) return unchanged(ctx, el, vr);
  bump(ctx, 'uidsRemapped');
  return emitted(encodeElement(el.tag, 'UI', remapped, ctx.out), true);
}

function rewriteSequence(ctx: RewriteContext, el: DicomElement, depth: number): Emitted {
  if (el.implicitItems) {
    // A sequence written as UN keeps Implicit VR items inside explicit data: copy it when nothing in
    // it changes; otherwise drop it whole rather than splice two encodings (fail closed).
    const inner = { ...ctx, out: { explicitVr: false }, inputExplicitVr: false };
    const changed = (el.items ?? []).map((item) => rewriteItem(inner, item, depth + 1).changed).some(Boolean);
    if (!changed && ctx.inputLittleEndian && ctx.inputExplicitVr === ctx.out.explicitVr) return unchanged(ctx, el, el.vr);
    bump(ctx, 'removed');
    return emitted([], true);
  }
  const items = (el.items ?? []).map((item) => rewriteItem(ctx, item, depth + 1));
  if (!items.some((i) => i.changed) && sameEncoding(ctx)) return unchanged(ctx, el, 'SQ');
  const body = items.flatMap((i) => i.chunks);
  const length = items.reduce((n, i) => n + i.length, 0);
  return emitted([encodeHeader(el.tag, 'SQ', length, ctx.out), ...body], true);
}

function rewriteItem(ctx: RewriteContext, item: DicomItem, depth: number): Emitted {
  const parts = item.elements.map((e) => rewriteElement(ctx, e, depth));
  const changed = parts.some((p) => p.changed);
  if (!changed && sameEncoding(ctx)) {
    return { chunks: [range(ctx, item.headerOffset, item.endOffset - item.headerOffset, 0)], length: item.endOffset - item.headerOffset, changed: false };
  }
  const body = parts.flatMap((p) => p.chunks);
  const length = parts.reduce((n, p) => n + p.length, 0);
  return { chunks: [itemHeader(length), ...body], length: length + 8, changed: true };
}

/** An element kept as it is: copied by offset, or (big-endian input) re-headed and byte-swapped. */
function unchanged(ctx: RewriteContext, el: DicomElement, vr: string): Emitted {
  if (sameEncoding(ctx)) {
    return { chunks: [range(ctx, el.headerOffset, el.endOffset - el.headerOffset, 0)], length: el.endOffset - el.headerOffset, changed: false };
  }
  if (el.fragments) {
    throw new Error('encapsulated Pixel Data in a big-endian or re-encoded data set is not supported');
  }
  const header = encodeHeader(el.tag, vr, el.valueLength, ctx.out);
  const swap = ctx.inputLittleEndian ? 0 : SWAP_WIDTH[vr] ?? 0;
  const value = el.valueLength ? [range(ctx, el.valueOffset, el.valueLength, swap)] : [];
  return emitted([header, ...value], false);
}

/** True when an element's value starts with an item tag: a sequence written under another VR. */
function looksLikeItems(ctx: RewriteContext, el: DicomElement): boolean {
  if (el.valueLength < 8 || el.fragments || PIXEL_DATA_TAGS.has(el.tag)) return false;
  const head = ctx.src.read(el.valueOffset, 4);
  const le = ITEM_TAG_BYTES.every((b, i) => head[i] === b);
  const be = head[0] === 0xff && head[1] === 0xfe && head[2] === 0xe0 && head[3] === 0x00;
  return le || be;
}

function sameEncoding(ctx: RewriteContext): boolean {
  return ctx.inputLittleEndian && ctx.inputExplicitVr === ctx.out.explicitVr;
}

function effectiveVr(el: DicomElement): string {
  if (el.vr !== 'UN' || el.items) return el.vr;
  const known = dictionaryVr(el.tag);
  return known === 'UN' ? 'UN' : known;
}

function range(ctx: RewriteContext, offset: number, length: number, swap: 0 | 2 | 4 | 8): SourceRange {
  return { src: ctx.src, offset, length, swap };
}

function emitted(chunks: Chunk[], changed: boolean): Emitted {
  return { chunks, length: chunksLength(chunks), changed };
}


function bump(ctx: RewriteContext, key: string): void {
  ctx.counts[key] = (ctx.counts[key] ?? 0) + 1;
}
