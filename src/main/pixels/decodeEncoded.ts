import { inflateRawSync } from 'node:zlib';
import type { ImagePixelDescription } from './imageDescription';
import type { CodecImage } from './decoders/codecImage';
import type { PixelCodec } from './decoders/pixelCodec';
import { PixelDecodeError } from './decoders/pixelErrors';
import { transferSyntaxName } from '../dicom/transferSyntax';
import { decodeJpegLs } from './decoders/charls';
import { decodeHtj2k, decodeJpeg2000 } from './decoders/jpeg2000';
import { decodeJpegDct12 } from './decoders/jpegDct12';
import { decodeJpegLossless } from './decoders/jpegLossless';
import { readJpegFrameHeader } from './decoders/jpegMarkers';
import { decodeJpeg8Bit } from './decoders/libjpegTurbo';
import { decodeRle } from './decoders/rle';
import { checkStreamSize } from './decoders/streamSize';
import { limitNamed } from '../dicom/limits';
import { nativeFrameLength } from './imageDescription';

/** The error every undecodable syntax or bitstream variant raises. */
export function cannotDecode(what: string): PixelDecodeError {
  return new PixelDecodeError('CANNOT_DECODE', `cannot decode ${what}`);
}

/**
 * Decodes one encoded frame with the codec its transfer syntax needs. Returns undefined for
 * native frames (the caller reads them as they are); deflated frames are inflated into native bytes.
 */
export async function decodeEncoded(
  codec: PixelCodec,
  encoded: Uint8Array,
  desc: ImagePixelDescription,
): Promise<CodecImage | Uint8Array> {
  checkStreamSize(codec, encoded, desc);
  switch (codec) {
    case 'native':
      return encoded;
    case 'deflated-frame': {
      // A frame never inflates past its native size (plus a pad byte), so a deflate bomb stops there.
      const cap = nativeFrameLength(desc) + 2;
      try {
        return new Uint8Array(inflateRawSync(encoded, { maxOutputLength: cap }));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
          throw new PixelDecodeError('OVER_LIMIT', `deflated frame inflates past its native size of ${cap} bytes (${limitNamed('maxFrameBytes')})`);
        }
        throw new PixelDecodeError('CODEC_FAILED', `deflated frame does not inflate: ${String(e)}`, { cause: e });
      }
    }
    case 'rle':
      return decodeRle(encoded, desc);
    case 'jpeg':
      return decodeJpeg(encoded, desc);
    case 'jpeg-ls':
      return decodeJpegLs(encoded);
    case 'jpeg-2000':
      return decodeJpeg2000(encoded);
    case 'htj2k':
      return decodeHtj2k(encoded);
    case 'none':
      throw cannotDecode(transferSyntaxName(desc.transferSyntaxUid));
  }
}

/**
 * Routes a JPEG stream by its SOF marker rather than its transfer syntax, since files often carry
 * a process other than the one their syntax names (e.g. lossless data labelled .51).
 */
async function decodeJpeg(encoded: Uint8Array, desc: ImagePixelDescription): Promise<CodecImage> {
  const header = readJpegFrameHeader(encoded);
  if (!header) throw new PixelDecodeError('CODEC_FAILED', 'frame is not a JPEG stream (no SOI/SOF)');
  switch (header.sof) {
    case 0xc3:
      return decodeJpegLossless(encoded, header);
    case 0xf7:
      return decodeJpegLs(encoded);
    case 0xc0:
    case 0xc1:
    case 0xc2:
      if (header.precision <= 8) return decodeJpeg8Bit(encoded);
      if (header.precision === 12 && header.sof !== 0xc2) return decodeJpegDct12(encoded);
      throw cannotDecode(`${transferSyntaxName(desc.transferSyntaxUid)} with ${header.precision}-bit ${header.sof === 0xc2 ? 'progressive ' : ''}DCT samples`);
    default:
      throw cannotDecode(`${transferSyntaxName(desc.transferSyntaxUid)} (JPEG SOF 0x${header.sof.toString(16)})`);
  }
}
