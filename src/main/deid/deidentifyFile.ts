import { basename, join } from 'node:path';
import { CodedError } from '../../shared/codedError';
import { DEID_OPTION_CODES, type DeidOptionCode } from '../../shared/deidOptions';
import { FileSource } from '../dicom/byteSource';
import { DicomParseError } from '../dicom/dicomErrors';
import { readAscii } from '../dicom/elementValues';
import { pixelFactsOf, topLevelByTag } from '../dicom/headerIndex';
import { parseDicom } from '../dicom/parseDicom';
import { EXPLICIT_LE, IMPLICIT_LE, transferSyntaxName } from '../dicom/transferSyntax';
import type { ParsedDicom } from '../dicom/types';
import { locatePixels } from '../pixels/locateImage';
import { PixelDecodeError } from '../pixels/decoders/pixelErrors';
import { pixelHeaderEdits } from './pixelHeader';
import type { PixelPlan } from './pixelPlan';
import { redactPixels, type RedactedPixels } from '../pixels/redactPixels';
import { writeChunksAtomic, writePending } from '../dicom/chunkFile';
import type { Chunk } from '../dicom/chunks';
import { rewriteDataset, type RewriteFindings, type TopLevelValue } from './datasetRewriter';
import { encodeElement, itemHeader, type OutputEncoding } from '../dicom/elementEncoder';
import { buildFileMeta } from '../dicom/fileMeta';
import { HiddenPixelBitsError, highBitCheckOf, highBitInspector, type HighBitCheck } from '../pixels/highBits';
import { judgePixels } from './pixelVerdict';
import { createActionResolver } from './profileActions';
import { createUidRemapper } from './uidRemap';
import { TAG } from '../dicom/dictionary';
import { createValueRules, type ValueChange } from './valueRules';
import { buildAllowlist, type Allowlist, type AllowlistEntries } from '../phi/defaultAllowlist';
import { buildIdentifierSet, type IdentifierSet, type IdentifierValues } from '../phi/phiMatch';

/** The patient's identifying values for the PHI matcher, collected on the main thread from the index. */
export interface TaskPatientValues {
  /** Same key, same values: the worker builds the matcher once per key. */
  key: string;
  values: IdentifierValues;
  allow: AllowlistEntries;
}

/** One file to de-identify; plain data so it can cross to a worker thread. */
export interface DeidFileTask {
  path: string;
  /** Absolute output path, planned by the caller from the output layout. */
  target: string;
  subjectId: string;
  /** `<subj>_<CT_date as written>` (real under 113106, shifted under 113107), `<subj>` when dates are removed or absent. */
  patientName: string;
  /** The subject's date offset in days; required by 113107 (without it shifted dates are removed). */
  dateOffsetDays?: number;
  /** The patient's identifiers from every file of the patient; absent: the matcher knows only this file's removed values. */
  patientValues?: TaskPatientValues;
  options: DeidOptionCode[];
  /** The project's keyed-hash secret, hex. */
  secretHex: string;
  allowUncleaned: boolean;
  overwrite: boolean;
  /** What the rect database holds for the image (its OCR record, the boxes to burn); absent: nothing. */
  pixels?: PixelPlan;
  /** The run can burn and verify pixels; without it every image that needs cleaning is withheld. */
  pixelCleaning: boolean;
  /**
   * Leave an image the verdict calls clean (or burns) in a temporary file (`DeidFileResult.pending`)
   * for the caller to verify and commit: it is published only once the verify pass found no text.
   */
  pendingVerify?: boolean;
  /**
   * Where temporary and spool files go (the run's `<out>.partial/`, outside the output tree);
   * absent: beside the target.
   */
  spool?: string;
}

/** What happened to one file. */
export interface DeidFileResult {
  status: 'written' | 'unchanged' | 'withheld' | 'failed';
  reason?: string;
  /** Why the pixels are not known to be clean (written anyway with --allow-uncleaned). */
  uncleaned?: string[];
  bytes?: number;
  counts?: Record<string, number>;
  /** `clean`: read, nothing to burn, pixels copied; `redacted`: boxes burned or hidden bits cleared. */
  pixels?: 'clean' | 'redacted';
  /** Attributes the value rules changed (dates shifted or removed, text cleaned or removed), never the values. */
  valueChanges?: ValueChange[];
  /** The written-but-unpublished file of a clean or redacted image (with `pendingVerify`). */
  pending?: string;
  /** SHA-256 (hex) of the file written (or found unchanged, or pending), hashed by the writer as it wrote it. */
  sha256?: string;
  /**
   * Set by the worker on a pending output in which nothing was burned, saying how the text gate's
   * verdict was established for the written pixels: read back, they are the very bytes gated,
   * described the same way ('written pixels identical to the gated input'), or every distinct frame of the written file,
   * decoded from its bytes, was cleared (see `workers/workerHandlers.ts`). It holds no overlay
   * either way. The verify pass then needs no detector.
   */
  gateVerified?: string;
  /**
   * Withheld because the copy found bits set above High Bit that nothing declared: the image can
   * still be cleaned by reading it and clearing those bits (`PixelPhase.rescue`).
   */
  hiddenBits?: true;
  /** Tags unknown to the dictionary that were removed (`(gggg,eeee)`), for the report. */
  unknownTags?: string[];
  /**
   * With a plan's `gateInWriter`: the writer's worker gated the input and cleared it whole, and
   * wrote it so; the run records this as the image's read (frames, distinct frames gated).
   */
  gated?: { frames: number; framesGated: number };
  /**
   * With a plan's `gateInWriter`: the gate did not clear the input (why, in words), so nothing was
   * written; the run reads the image and writes it again (`PixelPhase.rescue`).
   */
  unread?: string;
}

const VERSION = '0.1.0';
const SOP_CLASS = TAG.SOPClassUID;
const SOP_INSTANCE = TAG.SOPInstanceUID;

/**
 * De-identifies one DICOM file into `task.target`: Annex E actions at every depth, subject id and
 * name, remapped UIDs, fresh file meta; Pixel Data copied by offset. Fails closed: images whose
 * pixels may hold identifying text are withheld unless `allowUncleaned`. Never throws. Images whose
 * pixels must be re-encoded (boxes to burn) need {@link deidentifyTask}; here they fail.
 */
export function deidentifyFile(task: DeidFileTask): DeidFileResult {
  let src: FileSource | undefined;
  try {
    src = new FileSource(task.path);
    return deidentifyOpened(parseDicom(src), task);
  } catch (e) {
    return { status: 'failed', reason: failureMessage(e) };
  } finally {
    src?.close();
  }
}

/** What the caller of {@link deidentifyOpened} already proved of the pixels it hands over. */
interface OpenedProofs {
  /**
   * No sample has a bit set above High Bit other than sign extension, over the whole Pixel Data
   * value (`ocr/imageGate.ts`, `ImageGate.highBitsChecked`): the copy need not check it again.
   */
  highBitsChecked?: boolean;
}

/**
 * {@link deidentifyFile} of a file its caller already opened and parsed (the writer's worker,
 * which gated its pixels first, from the same bytes); the caller closes it. Never throws.
 */
export function deidentifyOpened(parsed: ParsedDicom, task: DeidFileTask, proofs: OpenedProofs = {}): DeidFileResult {
  if (needsRedaction(task)) return { status: 'failed', reason: 'the pixels must be redacted: use deidentifyTask' };
  try {
    return deidentifyParsed(parsed, task, undefined, proofs);
  } catch (e) {
    return { status: 'failed', reason: failureMessage(e) };
  }
}

/**
 * De-identifies one file like {@link deidentifyFile}, and also re-encodes the pixels of an image
 * whose plan has boxes to burn or hidden bits to clear: decoded, burned, written native (Explicit
 * VR Little Endian, or Implicit for implicit input). Never throws.
 */
export async function deidentifyTask(task: DeidFileTask): Promise<DeidFileResult> {
  if (!needsRedaction(task)) return deidentifyFile(task);
  let src: FileSource | undefined;
  let redacted: RedactedPixels | undefined;
  try {
    src = new FileSource(task.path);
    const parsed = parseDicom(src);
    const plan = task.pixels as PixelPlan;
    try {
      const located = locatePixels(parsed);
      if (!located) throw new PixelDecodeError('BAD_IMAGE_DESCRIPTION', 'no Pixel Data to redact');
      redacted = await redactPixels(located, plan.frameBoxes, task.spool ? join(task.spool, basename(task.target)) : task.target);
    } catch (e) {
      if (!(e instanceof PixelDecodeError)) throw e;
      // The OCR read these pixels, so this is unexpected: the image stays uncleaned.
      return deidentifyParsed(parsed, { ...task, pixels: { ...plan, ocr: 'failed', ocrError: `redaction failed: ${e.message}` } }, undefined);
    }
    return deidentifyParsed(parsed, task, redacted);
  } catch (e) {
    return { status: 'failed', reason: failureMessage(e) };
  } finally {
    redacted?.dispose();
    src?.close();
  }
}

/**
 * True when the writer re-encodes the image's pixels (boxes to burn or hidden bits to clear on
 * pixels read as they are); otherwise it copies them. The As-written view asks this too.
 */
export function needsRedaction(task: Pick<DeidFileTask, 'pixelCleaning' | 'pixels'>): boolean {
  const p = task.pixels;
  return task.pixelCleaning && p !== undefined && p.ocr === 'done' && (p.frameBoxes.length > 0 || p.clearHiddenBits);
}

function failureMessage(e: unknown): string {
  return e instanceof DicomParseError ? `unparseable DICOM: ${e.message}` : `${(e as Error).message}`;
}

function deidentifyParsed(parsed: ParsedDicom, task: DeidFileTask, redacted: RedactedPixels | undefined, proofs: OpenedProofs = {}): DeidFileResult {
  const src = parsed.datasetSource;
  const byTag = topLevelByTag(parsed);
  const metaClass = parsed.meta.find((e) => e.tag === TAG.MediaStorageSOPClassUID);
  const sopClassEl = byTag.get(SOP_CLASS);
  const sopClassUid = sopClassEl
    ? readAscii(src.read(sopClassEl.valueOffset, sopClassEl.valueLength))
    : metaClass
      ? readAscii(parsed.metaSource.read(metaClass.valueOffset, metaClass.valueLength))
      : '';
  const sopInstanceEl = byTag.get(SOP_INSTANCE);
  if (!sopClassUid || !sopInstanceEl) return { status: 'failed', reason: 'missing SOPClassUID or SOPInstanceUID' };

  // The verdict on the file as it is, with what the rect database holds for it: the same function
  // the tree, the dialog and the OCR selection ask, so what they predicted is what happens here.
  const verdict = judgePixels(pixelFactsOf(parsed, byTag), task.pixels, { options: task.options, canRead: false, canClean: task.pixelCleaning, allowUncleaned: task.allowUncleaned });
  if (verdict.action === 'withhold') return { status: 'withheld', reason: verdict.reason, uncleaned: verdict.uncleaned };
  const image = verdict.action !== 'header-only';
  const plan = image ? task.pixels : undefined;
  // Pixels read (every frame and overlay) with every box not rejected burned are clean.
  const clean = verdict.action === 'clean' || verdict.action === 'burn';
  const uncleaned = verdict.action === 'write-uncleaned' ? verdict.uncleaned : [];

  const ts = parsed.transferSyntax;
  const out: OutputEncoding = { explicitVr: ts.explicitVr };
  const edits = image ? pixelHeaderEdits({ parsed, plan, clean, redacted }) : undefined;
  const outTs = edits?.transferSyntax ?? (!ts.explicitVr ? IMPLICIT_LE : ts.deflated || !ts.littleEndian || parsed.transferSyntaxGuessed ? EXPLICIT_LE : ts.uid);
  if (ts.encapsulated && !ts.littleEndian) return { status: 'failed', reason: `unsupported ${transferSyntaxName(ts.uid)}` };

  const ctx = workerContext(task.options, task.secretHex);
  const resolve = edits ? (tag: number) => edits.override(tag) ?? ctx.resolve(tag) : ctx.resolve;
  const charsetEl = byTag.get(TAG.SpecificCharacterSet);
  const charset = charsetEl ? readAscii(src.read(charsetEl.valueOffset, charsetEl.valueLength)) : undefined;
  const originalInstance = readAscii(src.read(sopInstanceEl.valueOffset, sopInstanceEl.valueLength));
  const newInstance = ctx.remapUid ? ctx.remapUid(originalInstance) : originalInstance;
  // Re-encoded pixels hold no bits above High Bit; copied ones are checked as they are copied,
  // unless the caller proved it of the very bytes copied.
  const highBits = image && !redacted && !proofs.highBitsChecked ? highBitCheckOf(parsed, byTag) : undefined;

  const matcher = patientMatcherOf(task.patientValues);
  let valueChanges: ValueChange[] = [];
  const build = (reasons: string[], cleaned: boolean): { chunks: Chunk[]; counts: Record<string, number>; findings: RewriteFindings } => {
    const counts: Record<string, number> = {};
    const findings: RewriteFindings = { unknownTags: new Set() };
    const values = createValueRules({ src, charset, dataset: parsed.dataset, resolve, options: task.options, dateOffsetDays: task.dateOffsetDays, patient: matcher.set, allow: matcher.allow });
    const topLevel = buildTopLevel(task, reasons, out, cleaned);
    for (const [tag, value] of edits?.topLevel ?? []) if (cleaned || tag !== TAG.BurnedInAnnotation) topLevel.set(tag, value);
    const chunks: Chunk[] = [
      buildFileMeta(sopClassUid, newInstance, outTs),
      ...rewriteDataset({ src, inputLittleEndian: ts.littleEndian, inputExplicitVr: ts.explicitVr, out, charset, resolve, remapUid: ctx.remapUid, topLevel, counts, values, findings }, parsed.dataset),
    ];
    valueChanges = values.changes();
    if (redacted) counts.pixelsBurned = redacted.burnedPixels;
    // Pixel Data inside a kept structure is an image no one has read: fail closed.
    if (findings.nestedPixelData) throw new NestedPixelDataError(findings.nestedPixelData);
    return { chunks, counts, findings };
  };
  const unknownOf = (f: RewriteFindings): { unknownTags?: string[] } => (f.unknownTags.size ? { unknownTags: [...f.unknownTags].sort() } : {});
  const write = (reasons: string[], cleaned: boolean, overwrite: boolean, hidden?: string[]): ReturnType<typeof writeChunksAtomic> & { chunks: Chunk[]; counts: Record<string, number>; findings: RewriteFindings } => {
    const built = build(reasons, cleaned);
    if (highBits) attachInspector(built.chunks, highBits, hidden);
    return { ...writeChunksAtomic(task.target, built.chunks, overwrite, task.spool), ...built };
  };

  let written;
  const hidden: string[] = [];
  try {
    if (clean && task.pendingVerify) {
      // 113101 is earned only after the verify pass: the output waits outside the tree for it.
      const built = build(uncleaned, clean);
      if (highBits) attachInspector(built.chunks, highBits);
      const pending = writePending(task.target, built.chunks, task.spool);
      return { status: 'written', bytes: chunksBytes(built.chunks), counts: built.counts, pixels: redacted ? 'redacted' : 'clean', pending: pending.path, sha256: pending.sha256, ...unknownOf(built.findings), ...changesOf(valueChanges) };
    }
    written = write(uncleaned, clean, task.overwrite, task.allowUncleaned ? hidden : undefined);
  } catch (e) {
    if (e instanceof HiddenPixelBitsError) return { status: 'withheld', reason: `pixels not cleaned: ${e.message}`, uncleaned: [e.message], hiddenBits: true };
    if (e instanceof NestedPixelDataError) return { status: 'withheld', reason: e.message };
    throw e;
  }
  if (hidden.length && !uncleaned.length) {
    // --allow-uncleaned found hidden bits only while copying: write again so the file says so
    // (and no longer claims clean pixels).
    uncleaned.push(...hidden);
    written = write(uncleaned, false, true, []);
  }
  const cleanWritten = clean && !uncleaned.length;
  if (written.outcome === 'exists-differs') {
    return { status: 'failed', reason: `output ${task.target} exists with different content (use --overwrite)` };
  }
  const pixels = redacted ? ('redacted' as const) : cleanWritten ? ('clean' as const) : undefined;
  return { status: written.outcome, bytes: chunksBytes(written.chunks), sha256: written.sha256, counts: written.counts, ...(pixels ? { pixels } : {}), ...(uncleaned.length ? { uncleaned } : {}), ...unknownOf(written.findings), ...changesOf(valueChanges) };
}

function changesOf(changes: ValueChange[]): { valueChanges?: ValueChange[] } {
  return changes.length ? { valueChanges: changes } : {};
}

const DEFAULT_ALLOW = buildAllowlist();
const matchers = new Map<string, { set: IdentifierSet; allow: Allowlist }>();
/** Patients whose matchers a worker keeps: a run goes patient by patient, so a few suffice. */
const MAX_MATCHERS = 32;

/** The PHI matcher of a task's patient, built once per key in this thread. */
function patientMatcherOf(p: TaskPatientValues | undefined): { set: IdentifierSet | undefined; allow: Allowlist } {
  if (!p) return { set: undefined, allow: DEFAULT_ALLOW };
  let m = matchers.get(p.key);
  if (!m) {
    if (matchers.size >= MAX_MATCHERS) matchers.delete(matchers.keys().next().value as string);
    m = { set: buildIdentifierSet(p.values), allow: buildAllowlist(p.allow) };
    matchers.set(p.key, m);
  }
  return m;
}

/** Pixel Data found below the top level of a structure that would be written. */
class NestedPixelDataError extends CodedError<'NESTED_PIXEL_DATA'> {
  constructor(where: string) {
    super('NESTED_PIXEL_DATA', `Pixel Data nested inside a sequence (${where}): an image inside the image that nothing reads or cleans; withheld`);
    this.name = 'NestedPixelDataError';
  }
}

function chunksBytes(chunks: readonly Chunk[]): number {
  return chunks.reduce((n, c) => n + c.length, 0);
}

/**
 * Hooks the high-bit check onto the chunk that copies Pixel Data, so pixels are read once. With
 * `record`, a violation is noted there (the image is written as --allow-uncleaned asks) instead of
 * aborting the write.
 */
function attachInspector(chunks: Chunk[], check: HighBitCheck, record?: string[]): void {
  const inspect = highBitInspector(check);
  for (const c of chunks) {
    if (c instanceof Uint8Array || c.offset > check.valueOffset || c.offset + c.length < check.valueOffset + check.valueLength) continue;
    c.inspect = record
      ? (piece, at) => {
          if (record.length) return;
          try {
            inspect(piece, at);
          } catch (e) {
            if (!(e instanceof HiddenPixelBitsError)) throw e;
            record.push(e.message);
          }
        }
      : inspect;
    return;
  }
  throw new Error('Pixel Data chunk not found for the high-bit check');
}

interface WorkerContext {
  resolve: ReturnType<typeof createActionResolver>;
  remapUid: ((uid: string) => string) | null;
}

const contexts = new Map<string, WorkerContext>();

/** Resolver and UID cache are per (options, secret), kept across files of a run. */
function workerContext(options: DeidOptionCode[], secretHex: string): WorkerContext {
  const key = `${options.join(',')}|${secretHex}`;
  let ctx = contexts.get(key);
  if (!ctx) {
    ctx = {
      resolve: createActionResolver(options),
      remapUid: options.includes('113110') ? null : createUidRemapper(Buffer.from(secretHex, 'hex')),
    };
    contexts.set(key, ctx);
  }
  return ctx;
}

function buildTopLevel(task: DeidFileTask, uncleaned: string[], out: OutputEncoding, clean: boolean): Map<number, TopLevelValue> {
  // 113101 (Clean Pixel Data) is recorded on exactly the images whose pixels were cleaned.
  const options = task.options.filter((c) => c !== '113100' && c !== '113101');
  const codes: DeidOptionCode[] = ['113100', ...(clean ? ['113101' as const] : []), ...options].sort() as DeidOptionCode[];
  const method = [`deid-studio ${VERSION}`, 'PS3.15 2024 Annex E Basic Application Confidentiality Profile', ...codes.map(methodText)];
  if (uncleaned.length) method.push('Pixels NOT cleaned: burned-in text may remain');
  const items = codes.map((code) => {
    const body = [
      ...encodeElement(TAG.CodeValue, 'SH', code, out),
      ...encodeElement(TAG.CodingSchemeDesignator, 'SH', 'DCM', out),
      ...encodeElement(TAG.CodeMeaning, 'LO', DEID_OPTION_CODES[code], out),
    ];
    const length = body.reduce((n, b) => n + b.length, 0);
    return [itemHeader(length), ...body];
  });
  return new Map<number, TopLevelValue>([
    [TAG.PatientName, { kind: 'text', vr: 'PN', value: task.patientName }],
    [TAG.PatientID, { kind: 'text', vr: 'LO', value: task.subjectId }],
    [TAG.PatientIdentityRemoved, { kind: 'text', vr: 'CS', value: 'YES' }],
    [TAG.LongitudinalTemporalInformationModified, { kind: 'text', vr: 'CS', value: temporalInformation(task) }],
    [TAG.DeidentificationMethod, { kind: 'text', vr: 'LO', value: method.join('\\') }],
    [TAG.DeidentificationMethodCodeSequence, { kind: 'chunks', vr: 'SQ', chunks: items.flat() }],
  ]);
}

/** (0028,0303): whether the dates written are the real ones, shifted ones, or none. */
function temporalInformation(task: DeidFileTask): 'UNMODIFIED' | 'MODIFIED' | 'REMOVED' {
  if (task.options.includes('113106')) return 'UNMODIFIED';
  return task.options.includes('113107') && task.dateOffsetDays !== undefined ? 'MODIFIED' : 'REMOVED';
}

function methodText(code: DeidOptionCode): string {
  return `${code} ${DEID_OPTION_CODES[code].replace(/ Option$/, '')}`.slice(0, 64);
}
