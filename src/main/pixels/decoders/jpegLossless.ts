import type { CodecImage } from './codecImage';
import type { JpegFrameHeader } from './jpegMarkers';
import { PixelDecodeError } from './pixelErrors';
import { requirePackage } from './wasmCodec';

interface LosslessDecoder {
  decompress(buffer: ArrayBuffer, offset: number, length: number): ArrayBuffer;
}
interface LosslessPackage {
  Decoder: new () => LosslessDecoder;
}

/**
 * Decodes a lossless JPEG (process 14, any selection value; DICOM .57 and .70) with
 * jpeg-lossless-decoder-js. It returns samples of ⌈precision/8⌉ bytes, pixel-interleaved.
 */
export function decodeJpegLossless(encoded: Uint8Array, header: JpegFrameHeader): CodecImage {
  const bytesPerSample = header.precision > 8 ? 2 : 1;
  if (header.components !== 1 && !(header.components === 3 && bytesPerSample === 1)) {
    throw new PixelDecodeError('CANNOT_DECODE', `cannot decode lossless JPEG with ${header.components} components of ${header.precision} bits`);
  }
  const { Decoder } = requirePackage('jpeg-lossless-decoder-js') as LosslessPackage;
  let out: ArrayBuffer;
  try {
    const copy = encoded.slice();
    out = new Decoder().decompress(copy.buffer, 0, copy.length);
  } catch (e) {
    throw new PixelDecodeError('CODEC_FAILED', `lossless JPEG failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  return {
    bytes: new Uint8Array(out),
    precision: header.precision,
    width: header.width,
    height: header.height,
    components: header.components,
    bytesPerSample,
    convertedToRgb: false,
  };
}
