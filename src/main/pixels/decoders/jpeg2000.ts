import type { CodecImage } from './codecImage';
import type { WasmDecoder } from './wasmCodec';
import { codecImageOf, copyDecoded, decodeWithWasm, loadWasmCodec } from './wasmCodec';

function toImage(decoder: WasmDecoder, encoded: Uint8Array): CodecImage {
  // Both decoders apply the inverse RCT/ICT when the codestream's COD says it was used.
  return codecImageOf(decoder, copyDecoded(decoder), decoder.getFrameInfo().componentCount === 3 && j2kUsesColorTransform(encoded));
}

/** Decodes a JPEG 2000 codestream (DICOM .90 / .91; a JP2 wrapper is accepted too) with OpenJPEG. */
export async function decodeJpeg2000(encoded: Uint8Array): Promise<CodecImage> {
  const codec = await loadWasmCodec('@cornerstonejs/codec-openjpeg/decodewasmjs', '@cornerstonejs/codec-openjpeg/decodewasm');
  return decodeWithWasm(codec, 'J2KDecoder', encoded, (d) => toImage(d, encoded));
}

/** Decodes a High-Throughput JPEG 2000 codestream (DICOM .201 / .202 / .203) with OpenJPH. */
export async function decodeHtj2k(encoded: Uint8Array): Promise<CodecImage> {
  const codec = await loadWasmCodec('@cornerstonejs/codec-openjph/wasmjs', '@cornerstonejs/codec-openjph/wasm');
  return decodeWithWasm(codec, 'HTJ2KDecoder', encoded, (d) => toImage(d, encoded));
}

/**
 * True when a JPEG 2000 codestream's COD marker sets the multiple-component transform, i.e. the
 * decoder undoes RCT/ICT and returns RGB (15444-1 A.6.1). A JP2 file is searched for its `jp2c` box.
 */
export function j2kUsesColorTransform(bytes: Uint8Array): boolean {
  let at = 0;
  if (!(bytes[0] === 0xff && bytes[1] === 0x4f)) {
    const box = findJp2cBox(bytes);
    if (box < 0) return false;
    at = box;
  }
  at += 2;
  while (at + 4 <= bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1];
    const length = (bytes[at + 2] << 8) | bytes[at + 3];
    if (marker === 0x52) return (bytes[at + 8] ?? 0) !== 0;
    if (marker === 0x90 || marker === 0x93) return false; // first tile before any COD
    at += 2 + length;
  }
  return false;
}

function findJp2cBox(bytes: Uint8Array): number {
  for (let i = 4; i + 5 < bytes.length; i++) {
    if (bytes[i] === 0x6a && bytes[i + 1] === 0x70 && bytes[i + 2] === 0x32 && bytes[i + 3] === 0x63) {
      if (bytes[i + 4] === 0xff && bytes[i + 5] === 0x4f) return i + 4;
    }
  }
  return -1;
}
