import { keywordOf, TAG, tagText } from './dictionary';
import { readAscii, readText, TEXT_VRS } from './elementValues';
import type { ByteSource, DicomElement, ParsedDicom } from './types';

/** One attribute that differs between an input and its de-identified output. */
interface HeaderChange {
  tagPath: string;
  keyword: string;
  vr: string;
  change: 'replaced' | 'removed' | 'emptied' | 'added';
  before: string | null;
  after: string | null;
}

/** The differences and how many attributes stayed as they were. */
export interface HeaderDiff {
  changes: HeaderChange[];
  unchanged: number;
}

interface Side {
  src: ByteSource;
  le: boolean;
  charset: string | undefined;
}

const NUMERIC: Readonly<Record<string, { size: number; read: (v: DataView, at: number, le: boolean) => number }>> = {
  US: { size: 2, read: (v, at, le) => v.getUint16(at, le) },
  SS: { size: 2, read: (v, at, le) => v.getInt16(at, le) },
  UL: { size: 4, read: (v, at, le) => v.getUint32(at, le) },
  SL: { size: 4, read: (v, at, le) => v.getInt32(at, le) },
  FL: { size: 4, read: (v, at, le) => v.getFloat32(at, le) },
  FD: { size: 8, read: (v, at, le) => v.getFloat64(at, le) },
};
const MAX_SHOWN = 256;
const PIXEL_TAGS = new Set<number>([TAG.PixelData, TAG.FloatPixelData, TAG.DoubleFloatPixelData]);

function charsetOf(parsed: ParsedDicom): string | undefined {
  const el = parsed.dataset.find((e) => e.tag === TAG.SpecificCharacterSet);
  return el ? readAscii(parsed.datasetSource.read(el.valueOffset, el.valueLength)) : undefined;
}

/** A value as the preview shows it: decoded text, numbers, or `<N bytes>`. */
function show(side: Side, el: DicomElement): string {
  if (el.items) return `${el.items.length} item(s)`;
  if (el.fragments) return `<encapsulated, ${el.fragments.length - 1} fragment(s)>`;
  if (el.valueLength === 0) return '';
  if (TEXT_VRS.has(el.vr)) {
    const text = readText(side.src, el, side.charset);
    return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
  }
  const numeric = NUMERIC[el.vr];
  if (numeric && el.valueLength <= numeric.size * 16) {
    const bytes = side.src.read(el.valueOffset, el.valueLength);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const values: number[] = [];
    for (let at = 0; at + numeric.size <= bytes.length; at += numeric.size) values.push(numeric.read(view, at, side.le));
    return values.join('\\');
  }
  return `<${el.valueLength} bytes>`;
}

/** Same value on both sides (binary values compared by bytes when both are small and little endian). */
function same(a: Side, ea: DicomElement, b: Side, eb: DicomElement): boolean {
  if (show(a, ea) !== show(b, eb)) return false;
  if (TEXT_VRS.has(ea.vr) || NUMERIC[ea.vr] || PIXEL_TAGS.has(ea.tag) || ea.items || ea.fragments) return true;
  if (ea.valueLength !== eb.valueLength) return false;
  if (!a.le || !b.le || ea.valueLength > 1 << 16) return true;
  const x = a.src.read(ea.valueOffset, ea.valueLength);
  const y = b.src.read(eb.valueOffset, eb.valueLength);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

function diffList(a: Side, as: readonly DicomElement[], b: Side, bs: readonly DicomElement[], prefix: string, out: HeaderDiff): void {
  const byTag = new Map<number, DicomElement>();
  for (const e of bs) byTag.set(e.tag, e);
  const seen = new Set<number>();
  for (const ea of as) {
    const path = `${prefix}${tagText(ea.tag)}`;
    const base = { tagPath: path, keyword: keywordOf(ea.tag), vr: ea.vr };
    const eb = byTag.get(ea.tag);
    seen.add(ea.tag);
    if (!eb) {
      out.changes.push({ ...base, change: 'removed', before: show(a, ea), after: null });
      continue;
    }
    if (ea.items && eb.items) {
      if (eb.items.length === 0 && ea.items.length > 0) {
        out.changes.push({ ...base, change: 'emptied', before: show(a, ea), after: '' });
        continue;
      }
      const n = Math.max(ea.items.length, eb.items.length);
      for (let i = 0; i < n; i++) {
        const ia = ea.items[i];
        const ib = eb.items[i];
        if (ia && ib) diffList(a, ia.elements, b, ib.elements, `${path}[${i}].`, out);
        else if (ia) out.changes.push({ ...base, tagPath: `${path}[${i}]`, change: 'removed', before: 'item', after: null });
        else out.changes.push({ ...base, tagPath: `${path}[${i}]`, change: 'added', before: null, after: 'item' });
      }
      continue;
    }
    if (same(a, ea, b, eb)) {
      out.unchanged++;
      continue;
    }
    const after = show(b, eb);
    out.changes.push({ ...base, vr: eb.vr, change: eb.valueLength === 0 && ea.valueLength > 0 ? 'emptied' : 'replaced', before: show(a, ea), after });
  }
  for (const eb of bs) {
    if (seen.has(eb.tag)) continue;
    out.changes.push({ tagPath: `${prefix}${tagText(eb.tag)}`, keyword: keywordOf(eb.tag), vr: eb.vr, change: 'added', before: null, after: show(b, eb) });
  }
}

/** Every difference, at every sequence depth, between a file and its de-identified output (file meta included). */
export function diffHeaders(input: ParsedDicom, output: ParsedDicom): HeaderDiff {
  const out: HeaderDiff = { changes: [], unchanged: 0 };
  const metaA: Side = { src: input.metaSource, le: true, charset: undefined };
  const metaB: Side = { src: output.metaSource, le: true, charset: undefined };
  diffList(metaA, input.meta, metaB, output.meta, '', out);
  const a: Side = { src: input.datasetSource, le: input.transferSyntax.littleEndian, charset: charsetOf(input) };
  const b: Side = { src: output.datasetSource, le: output.transferSyntax.littleEndian, charset: charsetOf(output) };
  diffList(a, input.dataset, b, output.dataset, '', out);
  return out;
}
