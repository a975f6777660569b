import { LONG_VRS, TAG } from './dictionary';

/** How output elements are encoded (always little endian). */
export interface OutputEncoding {
  explicitVr: boolean;
}

const ASCII_PAD_NUL: ReadonlySet<string> = new Set(['UI', 'OB', 'UN']);

/** Encodes an element header (tag, VR, length) for the output encoding. */
export function encodeHeader(tag: number, vr: string, length: number, enc: OutputEncoding): Uint8Array {
  const long = enc.explicitVr && LONG_VRS.has(vr);
  const out = new Uint8Array(enc.explicitVr ? (long ? 12 : 8) : 8);
  const view = new DataView(out.buffer);
  view.setUint16(0, tag >>> 16, true);
  view.setUint16(2, tag & 0xffff, true);
  if (!enc.explicitVr) {
    view.setUint32(4, length, true);
  } else {
    out[4] = vr.charCodeAt(0);
    out[5] = vr.charCodeAt(1);
    if (long) view.setUint32(8, length, true);
    else {
      if (length > 0xffff) throw new RangeError(`value of ${vr} too long for a 16-bit length (${length})`);
      view.setUint16(6, length, true);
    }
  }
  return out;
}

/** Encodes an ASCII text value padded to even length (NUL for UI, space otherwise). */
function encodeTextValue(text: string, vr: string): Uint8Array {
  const bytes = Buffer.from(text, 'latin1');
  if (bytes.length % 2 === 0) return new Uint8Array(bytes);
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  out[bytes.length] = ASCII_PAD_NUL.has(vr) ? 0x00 : 0x20;
  return out;
}

/** Encodes a numeric value for a binary VR (US, SS, UL, SL, FL, FD, ...), little endian. */
function encodeNumberValue(value: number, vr: string): Uint8Array {
  const size = vr === 'US' || vr === 'SS' ? 2 : vr === 'FD' || vr === 'SV' || vr === 'UV' ? 8 : 4;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  switch (vr) {
    case 'US': view.setUint16(0, value, true); break;
    case 'SS': view.setInt16(0, value, true); break;
    case 'UL': view.setUint32(0, value, true); break;
    case 'SL': view.setInt32(0, value, true); break;
    case 'FL': view.setFloat32(0, value, true); break;
    case 'FD': view.setFloat64(0, value, true); break;
    case 'SV': view.setBigInt64(0, BigInt(value), true); break;
    case 'UV': view.setBigUint64(0, BigInt(value), true); break;
    default: view.setUint32(0, value, true);
  }
  return out;
}

/** True for VRs whose value is binary numbers rather than text. */
function isNumericVr(vr: string): boolean {
  return vr === 'US' || vr === 'SS' || vr === 'UL' || vr === 'SL' || vr === 'FL' || vr === 'FD' || vr === 'SV' || vr === 'UV';
}

/** A whole element (header and value) with a text or numeric value. */
export function encodeElement(tag: number, vr: string, value: string | number | null, enc: OutputEncoding): Uint8Array[] {
  if (value === null) return [encodeHeader(tag, vr, 0, enc)];
  const bytes = typeof value === 'number' || isNumericVr(vr) ? encodeNumberValue(Number(value), vr) : encodeTextValue(value, vr);
  return [encodeHeader(tag, vr, bytes.length, enc), bytes];
}

/** Item and delimiter headers of a sequence. */
export function itemHeader(length: number): Uint8Array {
  const out = new Uint8Array(8);
  const view = new DataView(out.buffer);
  view.setUint16(0, TAG.Item >>> 16, true);
  view.setUint16(2, TAG.Item & 0xffff, true);
  view.setUint32(4, length, true);
  return out;
}
