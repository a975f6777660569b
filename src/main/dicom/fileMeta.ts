import { encodeElement, encodeHeader, type OutputEncoding } from './elementEncoder';
import { TAG } from './dictionary';

/** Our implementation class UID: a UUID-derived OID fixed for deid-studio. */
const IMPLEMENTATION_CLASS_UID = '2.25.186906218213577373722372545117006853633';
const IMPLEMENTATION_VERSION = 'DEIDSTUDIO_01';

const EXPLICIT: OutputEncoding = { explicitVr: true };

/**
 * Builds the 128-byte preamble, `DICM` and a fresh file meta group (PS3.10 7.1). Nothing of the
 * input's meta is carried over: source AE titles and private meta can identify the sender.
 */
export function buildFileMeta(sopClassUid: string, sopInstanceUid: string, transferSyntaxUid: string): Uint8Array {
  const version = new Uint8Array([0x00, 0x01]); // (0002,0001) File Meta Information Version, OB 00\01
  const parts: Uint8Array[] = [
    encodeHeader(TAG.FileMetaInformationVersion, 'OB', version.length, EXPLICIT),
    version,
    ...encodeElement(TAG.MediaStorageSOPClassUID, 'UI', sopClassUid, EXPLICIT),
    ...encodeElement(TAG.MediaStorageSOPInstanceUID, 'UI', sopInstanceUid, EXPLICIT),
    ...encodeElement(TAG.TransferSyntaxUID, 'UI', transferSyntaxUid, EXPLICIT),
    ...encodeElement(TAG.ImplementationClassUID, 'UI', IMPLEMENTATION_CLASS_UID, EXPLICIT),
    ...encodeElement(TAG.ImplementationVersionName, 'SH', IMPLEMENTATION_VERSION, EXPLICIT),
  ];
  const body = concat(parts);
  const groupLength = encodeElement(TAG.FileMetaInformationGroupLength, 'UL', body.length, EXPLICIT);
  const preamble = new Uint8Array(132);
  preamble.set([0x44, 0x49, 0x43, 0x4d], 128);
  return concat([preamble, ...groupLength, body]);
}

/** Concatenates byte arrays. */
function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
