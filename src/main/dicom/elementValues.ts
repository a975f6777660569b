import { convertBytes } from 'dicom-character-set';
import type { ByteSource, DicomElement } from './types';

/** VRs whose text follows Specific Character Set (PS3.5 6.1.2.3); others are always ASCII. */
const CHARSET_VRS: ReadonlySet<string> = new Set(['SH', 'LO', 'ST', 'LT', 'UT', 'PN', 'UC']);
/** Text VRs; everything else is binary. */
export const TEXT_VRS: ReadonlySet<string> = new Set([
  'AE', 'AS', 'CS', 'DA', 'DS', 'DT', 'IS', 'LO', 'LT', 'PN', 'SH', 'ST', 'TM', 'UC', 'UI', 'UR', 'UT',
]);

/** Decodes bytes as ASCII/Latin-1 and strips DICOM padding (trailing spaces and NULs, leading spaces). */
export function readAscii(bytes: Uint8Array): string {
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0x20 || bytes[end - 1] === 0x00)) end--;
  let start = 0;
  while (start < end && bytes[start] === 0x20) start++;
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

/**
 * Decodes a text element in the data set's Specific Character Set (ISO 2022 escapes included),
 * stripping padding. `charset` is the raw (0008,0005) value, backslash-separated.
 */
export function readText(src: ByteSource, el: DicomElement, charset: string | undefined): string {
  if (el.valueLength === 0) return '';
  const bytes = src.read(el.valueOffset, el.valueLength);
  if (!CHARSET_VRS.has(el.vr) || !charset || !hasHighOrEscape(bytes)) return readAscii(bytes);
  try {
    return stripPadding(convertBytes(charset, bytes, { vr: el.vr }));
  } catch {
    // An unknown or broken character set must not stop de-identification: fall back to Latin-1.
    return readAscii(bytes);
  }
}

/** Splits a multi-valued text value on backslash. */
export function splitValues(text: string): string[] {
  return text === '' ? [] : text.split('\\');
}

/** Reads an unsigned 16-bit value (US); `undefined` when the element is empty. */
export function readUint16(src: ByteSource, el: DicomElement, littleEndian: boolean, index = 0): number | undefined {
  if (el.valueLength < (index + 1) * 2) return undefined;
  const b = src.read(el.valueOffset + index * 2, 2);
  return littleEndian ? b[0] | (b[1] << 8) : (b[0] << 8) | b[1];
}

/** Reads an unsigned 32-bit value (UL); `undefined` when the element is empty. */
function readUint32(src: ByteSource, el: DicomElement, littleEndian: boolean): number | undefined {
  if (el.valueLength < 4) return undefined;
  const b = src.read(el.valueOffset, 4);
  return littleEndian
    ? (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0
    : ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;
}

/** Reads an integer from a US/SS/UL/SL/IS element, whatever its encoding. */
export function readInteger(src: ByteSource, el: DicomElement, littleEndian: boolean): number | undefined {
  switch (el.vr) {
    case 'US':
      return readUint16(src, el, littleEndian);
    case 'SS': {
      const v = readUint16(src, el, littleEndian);
      return v === undefined ? undefined : (v << 16) >> 16;
    }
    case 'UL':
      return readUint32(src, el, littleEndian);
    case 'SL': {
      const v = readUint32(src, el, littleEndian);
      return v === undefined ? undefined : v | 0;
    }
    default: {
      const s = readAscii(src.read(el.valueOffset, el.valueLength)).split('\\')[0].trim();
      if (s === '') return undefined;
      const n = Number(s);
      return Number.isFinite(n) ? Math.trunc(n) : undefined;
    }
  }
}

function hasHighOrEscape(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] >= 0x80 || bytes[i] === 0x1b) return true;
  return false;
}

function stripPadding(s: string): string {
  return s.replace(/[\0 ]+$/u, '').replace(/^ +/u, '');
}
