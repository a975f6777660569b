import type { CodecImage } from './codecImage';
import { interleavePlanes } from './codecImage';
import { codecImageOf, copyDecoded, decodeWithWasm, loadWasmCodec } from './wasmCodec';

/** Interleave mode 0 (“none”): CharLS returns each component as its own plane. */
const ILV_NONE = 0;

/** Decodes JPEG-LS (lossless and near-lossless; DICOM .80 / .81) with CharLS. */
export async function decodeJpegLs(encoded: Uint8Array): Promise<CodecImage> {
  const codec = await loadWasmCodec('@cornerstonejs/codec-charls/decodewasmjs', '@cornerstonejs/codec-charls/decodewasm');
  return decodeWithWasm(codec, 'JpegLSDecoder', encoded, (decoder) => {
    const info = decoder.getFrameInfo();
    const bytesPerSample = info.bitsPerSample > 8 ? 2 : 1;
    let bytes = copyDecoded(decoder);
    const interleave = (decoder as unknown as { getInterleaveMode(): number }).getInterleaveMode();
    if (info.componentCount > 1 && interleave === ILV_NONE) {
      bytes = interleavePlanes(bytes, info.width * info.height, info.componentCount, bytesPerSample);
    }
    return codecImageOf(decoder, bytes, false);
  });
}
