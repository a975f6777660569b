import type { CodecImage } from './codecImage';
import { codecImageOf, copyDecoded, decodeWithWasm, loadWasmCodec } from './wasmCodec';

/**
 * Decodes an 8-bit DCT JPEG (baseline, extended or progressive) with libjpeg-turbo. Three-component
 * streams come out as RGB: libjpeg converts YCbCr (and leaves streams it recognises as RGB alone).
 */
export async function decodeJpeg8Bit(encoded: Uint8Array): Promise<CodecImage> {
  const codec = await loadWasmCodec(
    '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs',
    '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasm',
  );
  return decodeWithWasm(codec, 'JPEGDecoder', encoded, (decoder) =>
    codecImageOf(decoder, copyDecoded(decoder), decoder.getFrameInfo().componentCount === 3),
  );
}
