import { limitNamed, limits } from '../../dicom/limits';
import type { PixelCodec } from './pixelCodec';
import { readJpegFrameHeader } from './jpegMarkers';
import { PixelDecodeError } from './pixelErrors';

/** The header's picture size a frame must fit (a structural part of the image description). */
interface HeaderSize {
  rows: number;
  columns: number;
  samplesPerPixel: number;
}

/** Width, height and components a codestream declares, when its header can be read. */
interface StreamSize {
  width: number;
  height: number;
  components: number;
}

/**
 * Refuses an encoded frame whose own header claims a larger picture than the data set's Rows,
 * Columns and Samples per Pixel, before any codec allocates for it: codecs size their buffers from
 * the codestream, so a 10 KB frame claiming 65500x65500 would take gigabytes. Also refuses a claim
 * past the `maxFrameBytes` limit. Streams whose header cannot be read are left to the codec.
 */
export function checkStreamSize(codec: PixelCodec, encoded: Uint8Array, desc: HeaderSize): void {
  const size = codec === 'jpeg' || codec === 'jpeg-ls' ? jpegSize(encoded) : codec === 'jpeg-2000' || codec === 'htj2k' ? j2kSize(encoded) : undefined;
  if (!size) return;
  if (size.width > desc.columns || size.height > desc.rows || size.components > Math.max(desc.samplesPerPixel, 4)) {
    throw new PixelDecodeError('OVER_LIMIT', `encoded frame claims ${size.width}x${size.height}x${size.components}, more than the header's ${desc.columns}x${desc.rows}x${desc.samplesPerPixel}: refused before decoding`);
  }
  const bytes = size.width * size.height * size.components * 4;
  if (bytes > limits().maxFrameBytes) {
    throw new PixelDecodeError('OVER_LIMIT', `encoded frame of ${size.width}x${size.height}x${size.components} is too large to decode: ${limitNamed('maxFrameBytes')}`);
  }
}

function jpegSize(encoded: Uint8Array): StreamSize | undefined {
  const h = readJpegFrameHeader(encoded);
  return h ? { width: h.width, height: h.height, components: h.components } : undefined;
}

/** The SIZ marker of a JPEG 2000 codestream (15444-1 A.5.1), bare or inside a JP2 `jp2c` box. */
function j2kSize(bytes: Uint8Array): StreamSize | undefined {
  let at = -1;
  if (bytes[0] === 0xff && bytes[1] === 0x4f) at = 0;
  else {
    for (let i = 4; i + 5 < Math.min(bytes.length, 1 << 16); i++) {
      if (bytes[i] === 0x6a && bytes[i + 1] === 0x70 && bytes[i + 2] === 0x32 && bytes[i + 3] === 0x63 && bytes[i + 4] === 0xff && bytes[i + 5] === 0x4f) {
        at = i + 4;
        break;
      }
    }
  }
  if (at < 0 || at + 42 > bytes.length || bytes[at + 2] !== 0xff || bytes[at + 3] !== 0x51) return undefined;
  const u32 = (i: number): number => ((bytes[i] << 24) | (bytes[i + 1] << 16) | (bytes[i + 2] << 8) | bytes[i + 3]) >>> 0;
  const siz = at + 4;
  // Lsiz(2) Rsiz(2) Xsiz Ysiz XOsiz YOsiz (4 each) ... Csiz(2).
  const width = u32(siz + 4) - u32(siz + 12);
  const height = u32(siz + 8) - u32(siz + 16);
  const components = (bytes[siz + 36] << 8) | bytes[siz + 37];
  return { width, height, components };
}
