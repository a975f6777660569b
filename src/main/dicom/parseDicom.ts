import type { ByteSource, DicomElement, DicomItem, Fragment, ParsedDicom, TransferSyntax } from './types';
import { BufferSource } from './byteSource';
import { DicomParseError } from './dicomErrors';
import { EXPLICIT_BE, EXPLICIT_LE, IMPLICIT_LE, describeTransferSyntax } from './transferSyntax';
import { KNOWN_VRS, LONG_VRS, TAG, dictionaryVr } from './dictionary';
import { readAscii } from './elementValues';
import { inflateBounded } from './inflateBounded';
import { limitNamed, limits } from './limits';

const ITEM = TAG.Item;
const ITEM_DELIMITER = TAG.ItemDelimitationItem;
const SEQUENCE_DELIMITER = TAG.SequenceDelimitationItem;
export const PIXEL_DATA = TAG.PixelData;
const FLOAT_PIXEL_DATA = TAG.FloatPixelData;
const DOUBLE_PIXEL_DATA = TAG.DoubleFloatPixelData;
const UNDEFINED = 0xffffffff;
/** VRs under which writers sometimes hide a sequence. */
const OPAQUE_VRS: ReadonlySet<string> = new Set(['OB', 'OW', 'UN', 'UT', 'LT']);

/** How much to parse. */
interface ParseOptions {
  /** Stop at top-level Pixel Data (index mode): its value is neither read nor walked. */
  stopAtPixelData?: boolean;
  /** Parse the file meta only (e.g. to recognise a DICOMDIR before walking its records). */
  metaOnly?: boolean;
}

interface Cursor {
  src: ByteSource;
  le: boolean;
  explicit: boolean;
  /** Elements read so far in this file (every depth), shared by every cursor of one parse. */
  count: { elements: number; max: number; maxDepth: number };
}

/**
 * Parses a DICOM file (with or without preamble and file meta) into located elements.
 * Values are not decoded; read them through `elementValues`. Throws `DicomParseError`.
 */
export function parseDicom(source: ByteSource, options: ParseOptions = {}): ParsedDicom {
  if (source.size < 8) throw new DicomParseError('NOT_DICOM', `too short for DICOM (${source.size} bytes)`);
  let pos = 0;
  let hasPreamble = false;
  if (source.size >= 132 && readAscii(source.read(128, 4)) === 'DICM' && !dicmByCoincidence(source)) {
    hasPreamble = true;
    pos = 132;
  } else if (readAscii(source.read(0, 4)) === 'DICM') {
    // dcmtk and pydicom refuse this too: the marker belongs after a 128-byte preamble.
    throw new DicomParseError('NOT_DICOM', '"DICM" at offset 0 without the 128-byte preamble');
  }

  const lim = limits();
  const count = { elements: 0, max: lim.maxElements, maxDepth: lim.maxDepth };
  const metaCursor: Cursor = { src: source, le: true, explicit: true, count };
  const meta: DicomElement[] = [];
  if (pos + 8 <= source.size && peekGroup(source, pos, true) === 0x0002 && looksExplicit(source, pos)) {
    while (pos + 8 <= source.size && peekGroup(source, pos, true) === 0x0002) {
      const el = readElement(metaCursor, pos, source.size, 0);
      meta.push(el);
      pos = el.endOffset;
    }
  } else if (hasPreamble && pos + 8 <= source.size && peekGroup(source, pos, true) === 0x0002) {
    throw new DicomParseError('BAD_VR', `file meta at offset ${pos} is not Explicit VR Little Endian`);
  }

  const tsElement = meta.find((e) => e.tag === TAG.TransferSyntaxUID);
  let tsUid = tsElement ? readAscii(source.read(tsElement.valueOffset, tsElement.valueLength)) : '';
  let guessed = false;
  if (!tsUid) {
    tsUid = guessTransferSyntax(source, pos);
    guessed = true;
  }
  const transferSyntax: TransferSyntax = describeTransferSyntax(tsUid);

  let datasetSource = source;
  let datasetOffset = pos;
  if (transferSyntax.deflated && !options.metaOnly) {
    datasetSource = new BufferSource(inflateBounded(source.read(pos, source.size - pos), pos));
    datasetOffset = 0;
  }
  if (!hasPreamble && meta.length === 0) assertPlausibleStart(datasetSource, datasetOffset, transferSyntax);

  if (options.metaOnly) {
    return {
      hasPreamble, meta, metaSource: source, transferSyntax, transferSyntaxGuessed: guessed, dataset: [],
      datasetSource, datasetOffset, stoppedAtPixelData: false, trailingBytes: 0,
    };
  }
  const cursor: Cursor = { src: datasetSource, le: transferSyntax.littleEndian, explicit: transferSyntax.explicitVr, count };
  const dataset: DicomElement[] = [];
  let at = datasetOffset;
  let stoppedAtPixelData = false;
  const end = datasetSource.size;
  while (at < end) {
    if (end - at < 8) break;
    const tag = readTag(datasetSource, at, cursor.le);
    if (tag === 0 && isTrailingPadding(datasetSource, at, end)) break;
    if (options.stopAtPixelData && tag === PIXEL_DATA) {
      stoppedAtPixelData = true;
      break;
    }
    const el = readElement(cursor, at, end, 0);
    dataset.push(el);
    at = el.endOffset;
  }
  return {
    hasPreamble,
    meta,
    metaSource: source,
    transferSyntax,
    transferSyntaxGuessed: guessed,
    dataset,
    datasetSource,
    datasetOffset,
    stoppedAtPixelData,
    trailingBytes: stoppedAtPixelData ? 0 : end - at,
  };
}

function peekGroup(src: ByteSource, pos: number, le: boolean): number {
  const b = src.read(pos, 2);
  return le ? b[0] | (b[1] << 8) : (b[0] << 8) | b[1];
}

function readTag(src: ByteSource, pos: number, le: boolean): number {
  const b = src.read(pos, 4);
  const group = le ? b[0] | (b[1] << 8) : (b[0] << 8) | b[1];
  const element = le ? b[2] | (b[3] << 8) : (b[2] << 8) | b[3];
  return ((group << 16) | element) >>> 0;
}

function readUint32(b: Uint8Array, at: number, le: boolean): number {
  return le
    ? (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0
    : ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
}

function readUint16(b: Uint8Array, at: number, le: boolean): number {
  return le ? b[at] | (b[at + 1] << 8) : (b[at] << 8) | b[at + 1];
}

function looksExplicit(src: ByteSource, pos: number): boolean {
  if (pos + 6 > src.size) return false;
  return KNOWN_VRS.has(readAscii(src.read(pos + 4, 2)));
}

/** A bare data set (no meta, or meta without TransferSyntaxUID): tell the encoding from its first element. */
function guessTransferSyntax(src: ByteSource, pos: number): string {
  if (pos + 8 > src.size) return IMPLICIT_LE;
  const leGroup = peekGroup(src, pos, true);
  const explicit = looksExplicit(src, pos);
  if (leGroup > 0x00ff && peekGroup(src, pos, false) <= 0x00ff) return explicit ? EXPLICIT_BE : IMPLICIT_LE;
  return explicit ? EXPLICIT_LE : IMPLICIT_LE;
}

/** Without preamble or meta, insist the data starts like a DICOM data set, or the file is not DICOM. */
function assertPlausibleStart(src: ByteSource, pos: number, ts: TransferSyntax): void {
  if (pos + 8 > src.size) throw new DicomParseError('NOT_DICOM', 'too short for a DICOM data set');
  const tag = readTag(src, pos, ts.littleEndian);
  const group = tag >>> 16;
  const plausibleGroup = group === 0x0008 || group === 0x0010 || group === 0x0020 || group === 0x0018 || group === 0x0028;
  if (!plausibleGroup) {
    throw new DicomParseError('NOT_DICOM', 'no DICM preamble, no file meta, and the data does not start with a DICOM element');
  }
  if (!ts.explicitVr) {
    const len = readUint32(src.read(pos + 4, 4), 0, true);
    if (len !== UNDEFINED && pos + 8 + len > src.size) {
      throw new DicomParseError('NOT_DICOM', 'no DICM preamble or file meta, and the first element length runs past the end');
    }
  }
}

/** "DICM" at offset 128 of a bare data set that happens to hold those bytes (no group 0002 after it). */
function dicmByCoincidence(src: ByteSource): boolean {
  if (src.size >= 140 && peekGroup(src, 132, true) === 0x0002) return false;
  if (!looksExplicit(src, 0)) return false;
  const group = peekGroup(src, 0, true);
  return group === 0x0008 || group === 0x0010 || group === 0x0018 || group === 0x0020;
}

function isTrailingPadding(src: ByteSource, at: number, end: number): boolean {
  // Some writers pad files with zeros after the last element; a zero tag is not an element.
  const b = src.read(at, Math.min(end - at, 8));
  return b.every((x) => x === 0);
}

function readElement(c: Cursor, pos: number, end: number, depth: number): DicomElement {
  if (pos + 8 > end) throw new DicomParseError('TRUNCATED', `element header at offset ${pos} runs past the end (${end})`);
  if (++c.count.elements > c.count.max) {
    throw new DicomParseError('OVER_LIMIT', `more than ${c.count.max} data elements (at offset ${pos}): ${limitNamed('maxElements', c.count.max)}`);
  }
  const head = c.src.read(pos, 8);
  const group = readUint16(head, 0, c.le);
  const tag = ((group << 16) | readUint16(head, 2, c.le)) >>> 0;
  let vr: string;
  let length: number;
  let valueOffset: number;
  if (group === 0xfffe) {
    throw new DicomParseError('BAD_ITEM', `unexpected item tag ${hexTag(tag)} at offset ${pos}`);
  }
  if (c.explicit) {
    vr = String.fromCharCode(head[4], head[5]);
    if (!KNOWN_VRS.has(vr)) {
      throw new DicomParseError('BAD_VR', `invalid VR "${printable(vr)}" for ${hexTag(tag)} at offset ${pos}`);
    }
    if (LONG_VRS.has(vr)) {
      if (pos + 12 > end) throw new DicomParseError('TRUNCATED', `element header at offset ${pos} runs past the end`);
      length = readUint32(c.src.read(pos + 8, 4), 0, c.le);
      valueOffset = pos + 12;
    } else {
      length = readUint16(head, 6, c.le);
      valueOffset = pos + 8;
    }
  } else {
    vr = dictionaryVr(tag);
    length = readUint32(head, 4, c.le);
    valueOffset = pos + 8;
  }

  const base = { tag, vr, headerOffset: pos, valueOffset };
  if (length === UNDEFINED) {
    if (tag === PIXEL_DATA || tag === FLOAT_PIXEL_DATA || tag === DOUBLE_PIXEL_DATA) {
      if (depth > 0 && tag !== PIXEL_DATA) throw new DicomParseError('BAD_LENGTH', `undefined length ${hexTag(tag)} at offset ${pos}`);
      const { fragments, endOffset, valueEnd } = readFragments(c, valueOffset, end);
      return { ...base, valueLength: valueEnd - valueOffset, undefinedLength: true, endOffset, fragments };
    }
    if (vr === 'SQ' || vr === 'UN' || !c.explicit) {
      // PS3.5 6.2.2: an undefined-length UN holds a sequence encoded in Implicit VR Little Endian.
      const inner: Cursor = vr === 'UN' && c.explicit ? { src: c.src, le: true, explicit: false, count: c.count } : c;
      const { items, endOffset, valueEnd } = readItems(inner, valueOffset, end, true, depth);
      const implicitItems = inner !== c ? { implicitItems: true } : {};
      return { ...base, vr: vr === 'UN' ? 'SQ' : vr, valueLength: valueEnd - valueOffset, undefinedLength: true, endOffset, items, ...implicitItems };
    }
    throw new DicomParseError('BAD_LENGTH', `undefined length on ${vr} element ${hexTag(tag)} at offset ${pos}`);
  }

  const valueEnd = valueOffset + length;
  if (valueEnd > end) {
    throw new DicomParseError('TRUNCATED', `${hexTag(tag)} at offset ${pos} claims ${length} bytes; only ${end - valueOffset} remain`);
  }
  const element: DicomElement = { ...base, valueLength: length, undefinedLength: false, endOffset: valueEnd };
  if (vr === 'SQ' && !c.explicit && length >= 8 && readTag(c.src, valueOffset, c.le) !== ITEM) {
    // Implicit VR: the dictionary says SQ but the writer stored something else (seen with (0040,A170) as CS).
    // Mark it OB (opaque bytes), not UN, so it is not mistaken for a UN-encoded sequence later.
    element.vr = 'OB';
  } else if (vr === 'SQ') {
    element.items = readItems(c, valueOffset, valueEnd, false, depth).items;
  } else if (c.explicit && vr === 'UN' && length >= 8 && dictionaryVr(tag) === 'SQ' && readTag(c.src, valueOffset, true) === ITEM) {
    // A standard sequence written as UN (PS3.5 6.2.2): its items are Implicit VR Little Endian.
    try {
      element.items = readItems({ src: c.src, le: true, explicit: false, count: c.count }, valueOffset, valueEnd, false, depth).items;
      element.implicitItems = true;
    } catch (e) {
      if (e instanceof DicomParseError && e.code === 'OVER_LIMIT') throw e;
      element.items = undefined;
    }
  } else if (!c.explicit && vr === 'UN' && length >= 8 && readTag(c.src, valueOffset, c.le) === ITEM) {
    // Implicit VR private sequences: recognisable only by their first item tag.
    try {
      element.items = readItems(c, valueOffset, valueEnd, false, depth).items;
      element.vr = 'SQ';
    } catch (e) {
      if (e instanceof DicomParseError && e.code === 'OVER_LIMIT') throw e;
      element.items = undefined;
    }
  } else if (OPAQUE_VRS.has(vr) && length >= 8 && tag !== PIXEL_DATA && tag !== FLOAT_PIXEL_DATA && tag !== DOUBLE_PIXEL_DATA && readTag(c.src, valueOffset, c.le) === ITEM) {
    // A sequence written under another VR (OB, OW, UT, LT, UN): walked as one when its items parse,
    // in this data set's encoding or as Implicit VR Little Endian, so nothing nested in it goes
    // unchecked. One that parses neither way is left opaque, and the writer removes it.
    const implicit: Cursor = { src: c.src, le: true, explicit: false, count: c.count };
    for (const cursor of c.explicit ? [c, implicit] : [c]) {
      try {
        element.items = readItems(cursor, valueOffset, valueEnd, false, depth).items;
        if (cursor !== c) element.implicitItems = true;
        break;
      } catch (e) {
        if (e instanceof DicomParseError && e.code === 'OVER_LIMIT') throw e;
        element.items = undefined;
      }
    }
  }
  return element;
}

function readItems(
  c: Cursor,
  start: number,
  end: number,
  undefinedLength: boolean,
  depth: number,
): { items: DicomItem[]; endOffset: number; valueEnd: number } {
  if (depth >= c.count.maxDepth) {
    throw new DicomParseError('OVER_LIMIT', `sequences nested deeper than ${c.count.maxDepth} at offset ${start}: ${limitNamed('maxDepth', c.count.maxDepth)}`);
  }
  const items: DicomItem[] = [];
  let pos = start;
  for (;;) {
    if (!undefinedLength && pos >= end) return { items, endOffset: pos, valueEnd: pos };
    if (pos + 8 > end) throw new DicomParseError('TRUNCATED', `sequence at offset ${start} ends without a delimiter`);
    const head = c.src.read(pos, 8);
    const tag = ((readUint16(head, 0, c.le) << 16) | readUint16(head, 2, c.le)) >>> 0;
    const length = readUint32(head, 4, c.le);
    if (tag === SEQUENCE_DELIMITER) {
      // Some writers (Philips private sequences written as UN) end a defined-length value with a
      // sequence delimiter: accepted exactly at the value's end.
      if (!undefinedLength && pos + 8 === end) return { items, endOffset: end, valueEnd: end };
      if (!undefinedLength) throw new DicomParseError('BAD_ITEM', `sequence delimiter inside a defined-length sequence at offset ${pos}`);
      return { items, endOffset: pos + 8, valueEnd: pos };
    }
    if (tag !== ITEM) throw new DicomParseError('BAD_ITEM', `expected an item at offset ${pos}, found ${hexTag(tag)}`);
    const valueOffset = pos + 8;
    const elements: DicomElement[] = [];
    if (length === UNDEFINED) {
      let at = valueOffset;
      for (;;) {
        if (at + 8 > end) throw new DicomParseError('TRUNCATED', `item at offset ${pos} ends without a delimiter`);
        if (readTag(c.src, at, c.le) === ITEM_DELIMITER) break;
        const el = readElement(c, at, end, depth + 1);
        elements.push(el);
        at = el.endOffset;
      }
      items.push({ headerOffset: pos, valueOffset, valueLength: at - valueOffset, undefinedLength: true, endOffset: at + 8, elements });
      pos = at + 8;
    } else {
      const itemEnd = valueOffset + length;
      if (itemEnd > end) throw new DicomParseError('TRUNCATED', `item at offset ${pos} claims ${length} bytes past the end`);
      let at = valueOffset;
      while (at < itemEnd) {
        const el = readElement(c, at, itemEnd, depth + 1);
        elements.push(el);
        at = el.endOffset;
      }
      items.push({ headerOffset: pos, valueOffset, valueLength: length, undefinedLength: false, endOffset: itemEnd, elements });
      pos = itemEnd;
    }
  }
}

function readFragments(c: Cursor, start: number, end: number): { fragments: Fragment[]; endOffset: number; valueEnd: number } {
  const fragments: Fragment[] = [];
  let pos = start;
  for (;;) {
    if (pos + 8 > end) throw new DicomParseError('TRUNCATED', `encapsulated Pixel Data at offset ${start} ends without a delimiter`);
    const head = c.src.read(pos, 8);
    const tag = ((readUint16(head, 0, c.le) << 16) | readUint16(head, 2, c.le)) >>> 0;
    const length = readUint32(head, 4, c.le);
    if (tag === SEQUENCE_DELIMITER) return { fragments, endOffset: pos + 8, valueEnd: pos };
    if (tag !== ITEM) throw new DicomParseError('BAD_ITEM', `expected a pixel fragment at offset ${pos}, found ${hexTag(tag)}`);
    if (length === UNDEFINED || pos + 8 + length > end) {
      throw new DicomParseError('TRUNCATED', `pixel fragment at offset ${pos} claims ${length} bytes past the end`);
    }
    fragments.push({ offset: pos + 8, length });
    pos += 8 + length;
  }
}

/** Formats a tag as (gggg,eeee). */
function hexTag(tag: number): string {
  const h = (tag >>> 0).toString(16).toUpperCase().padStart(8, '0');
  return `(${h.slice(0, 4)},${h.slice(4)})`;
}

function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, '?');
}
