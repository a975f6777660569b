import { DEID_OPTION_CODES, type DeidOptionCode } from '../../shared/deidOptions';
import { FileSource } from '../dicom/byteSource';
import { DicomParseError } from '../dicom/dicomErrors';
import { readAscii } from '../dicom/elementValues';
import { topLevelByTag } from '../dicom/headerIndex';
import { parseDicom } from '../dicom/parseDicom';
import { EXPLICIT_LE, IMPLICIT_LE, transferSyntaxName } from '../dicom/transferSyntax';
import type { ParsedDicom } from '../dicom/types';
import { writeChunksAtomic } from './chunkFile';
import { rewriteDataset, type Chunk, type TopLevelValue } from './datasetRewriter';
import { encodeElement, itemHeader, type OutputEncoding } from './elementEncoder';
import { buildFileMeta } from './fileMeta';
import { HiddenPixelBitsError, highBitInspector, judgePixels, type HighBitCheck } from './pixelPolicy';
import { createActionResolver } from './profileActions';
import { createUidRemapper } from './uidRemap';

/** One file to de-identify; plain data so it can cross to a worker thread. */
export interface DeidFileTask {
  path: string;
  /** Absolute output path, planned by the caller from the output layout. */
  target: string;
  subjectId: string;
  /** `<subj>_<CT_date>`, or `<subj>` when the study has no date. */
  patientName: string;
  options: DeidOptionCode[];
  /** The project's keyed-hash secret, hex. */
  secretHex: string;
  allowUncleaned: boolean;
  overwrite: boolean;
}

/** What happened to one file. */
export interface DeidFileResult {
  status: 'written' | 'unchanged' | 'withheld' | 'failed';
  reason?: string;
  /** Why the pixels are not known to be clean (written anyway with --allow-uncleaned). */
  uncleaned?: string[];
  bytes?: number;
  counts?: Record<string, number>;
}

const VERSION = '0.1.0';
const SOP_CLASS = 0x00080016;
const SOP_INSTANCE = 0x00080018;

/**
 * De-identifies one DICOM file into `task.target`: Annex E actions at every depth, subject id and
 * name, remapped UIDs, fresh file meta; Pixel Data copied by offset. Fails closed: images whose
 * pixels may hold identifying text are withheld unless `allowUncleaned`. Never throws.
 */
export function deidentifyFile(task: DeidFileTask): DeidFileResult {
  let src: FileSource | undefined;
  try {
    src = new FileSource(task.path);
    const parsed = parseDicom(src);
    return deidentifyParsed(parsed, task);
  } catch (e) {
    const message = e instanceof DicomParseError ? `unparseable DICOM: ${e.message}` : `${(e as Error).message}`;
    return { status: 'failed', reason: message };
  } finally {
    src?.close();
  }
}

function deidentifyParsed(parsed: ParsedDicom, task: DeidFileTask): DeidFileResult {
  const src = parsed.datasetSource;
  const byTag = topLevelByTag(parsed);
  const metaClass = parsed.meta.find((e) => e.tag === 0x00020002);
  const sopClassEl = byTag.get(SOP_CLASS);
  const sopClassUid = sopClassEl
    ? readAscii(src.read(sopClassEl.valueOffset, sopClassEl.valueLength))
    : metaClass
      ? readAscii(parsed.metaSource.read(metaClass.valueOffset, metaClass.valueLength))
      : '';
  const sopInstanceEl = byTag.get(SOP_INSTANCE);
  if (!sopClassUid || !sopInstanceEl) return { status: 'failed', reason: 'missing SOPClassUID or SOPInstanceUID' };

  const verdict = judgePixels(parsed, byTag, sopClassUid);
  if (verdict.kind === 'document') {
    return { status: 'withheld', reason: `encapsulated ${verdict.format} document: its content cannot be de-identified yet` };
  }
  const uncleaned = verdict.kind === 'image' ? verdict.uncleaned : [];
  if (uncleaned.length && !task.allowUncleaned) {
    return { status: 'withheld', reason: `pixels not cleaned: ${uncleaned.join('; ')}`, uncleaned };
  }

  const ts = parsed.transferSyntax;
  const out: OutputEncoding = { explicitVr: ts.explicitVr };
  const outTs = !ts.explicitVr ? IMPLICIT_LE : ts.deflated || !ts.littleEndian || parsed.transferSyntaxGuessed ? EXPLICIT_LE : ts.uid;
  if (ts.encapsulated && !ts.littleEndian) return { status: 'failed', reason: `unsupported ${transferSyntaxName(ts.uid)}` };

  const ctx = workerContext(task.options, task.secretHex);
  const charsetEl = byTag.get(0x00080005);
  const charset = charsetEl ? readAscii(src.read(charsetEl.valueOffset, charsetEl.valueLength)) : undefined;
  const originalInstance = readAscii(src.read(sopInstanceEl.valueOffset, sopInstanceEl.valueLength));
  const newInstance = ctx.remapUid ? ctx.remapUid(originalInstance) : originalInstance;
  const highBits = verdict.kind === 'image' ? verdict.highBits : undefined;

  const write = (reasons: string[], overwrite: boolean, hidden?: string[]): { outcome: ReturnType<typeof writeChunksAtomic>; chunks: Chunk[]; counts: Record<string, number> } => {
    const counts: Record<string, number> = {};
    const chunks: Chunk[] = [
      buildFileMeta(sopClassUid, newInstance, outTs),
      ...rewriteDataset(
        { src, inputLittleEndian: ts.littleEndian, inputExplicitVr: ts.explicitVr, out, charset, resolve: ctx.resolve, remapUid: ctx.remapUid, topLevel: buildTopLevel(task, reasons, out), counts },
        parsed.dataset,
      ),
    ];
    if (highBits) attachInspector(chunks, highBits, hidden);
    return { outcome: writeChunksAtomic(task.target, chunks, overwrite), chunks, counts };
  };

  let written;
  const hidden: string[] = [];
  try {
    written = write(uncleaned, task.overwrite, task.allowUncleaned ? hidden : undefined);
  } catch (e) {
    if (e instanceof HiddenPixelBitsError) return { status: 'withheld', reason: `pixels not cleaned: ${e.message}`, uncleaned: [e.message] };
    throw e;
  }
  if (hidden.length && !uncleaned.length) {
    // --allow-uncleaned found hidden bits only while copying: write again so the file says so.
    uncleaned.push(...hidden);
    written = write(uncleaned, true, []);
  }
  if (written.outcome === 'exists-differs') {
    return { status: 'failed', reason: `output ${task.target} exists with different content (use --overwrite)` };
  }
  const bytes = written.chunks.reduce((n, c) => n + c.length, 0);
  return { status: written.outcome, bytes, counts: written.counts, ...(uncleaned.length ? { uncleaned } : {}) };
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

function buildTopLevel(task: DeidFileTask, uncleaned: string[], out: OutputEncoding): Map<number, TopLevelValue> {
  const codes: DeidOptionCode[] = ['113100', ...task.options.filter((c) => c !== '113100')];
  const method = [`deid-studio ${VERSION}`, 'PS3.15 2024 Annex E Basic Application Confidentiality Profile', ...codes.map(methodText)];
  if (uncleaned.length) method.push('Pixels NOT cleaned: burned-in text may remain');
  const items = codes.map((code) => {
    const body = [
      ...encodeElement(0x00080100, 'SH', code, out),
      ...encodeElement(0x00080102, 'SH', 'DCM', out),
      ...encodeElement(0x00080104, 'LO', DEID_OPTION_CODES[code], out),
    ];
    const length = body.reduce((n, b) => n + b.length, 0);
    return [itemHeader(length), ...body];
  });
  return new Map<number, TopLevelValue>([
    [0x00100010, { kind: 'text', vr: 'PN', value: task.patientName }],
    [0x00100020, { kind: 'text', vr: 'LO', value: task.subjectId }],
    [0x00120062, { kind: 'text', vr: 'CS', value: 'YES' }],
    [0x00120063, { kind: 'text', vr: 'LO', value: method.join('\\') }],
    [0x00120064, { kind: 'chunks', vr: 'SQ', chunks: items.flat() }],
  ]);
}

function methodText(code: DeidOptionCode): string {
  return `${code} ${DEID_OPTION_CODES[code].replace(/ Option$/, '')}`.slice(0, 64);
}
