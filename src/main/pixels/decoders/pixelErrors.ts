import { CodedError } from '../../../shared/codedError';

/** Why a frame or overlay could not be extracted or decoded; `code` is stable for reports and the UI. */
type PixelErrorCode =
  /** The transfer syntax or bitstream variant has no decoder here (e.g. JPEG XL). */
  | 'CANNOT_DECODE'
  /** Rows, columns, bits or samples are missing, zero or inconsistent. */
  | 'BAD_IMAGE_DESCRIPTION'
  /** Pixel Data ends before the requested frame does. */
  | 'TRUNCATED_PIXEL_DATA'
  /** The file has no Pixel Data. */
  | 'NOT_AN_IMAGE'
  /** The requested frame index does not exist. */
  | 'NO_SUCH_FRAME'
  /** A codec rejected the bitstream or returned something other than the header promised. */
  | 'CODEC_FAILED'
  /** Decoding would take more than one of the product's limits allow (src/main/dicom/limits.ts); the message names it. */
  | 'OVER_LIMIT';

/** A pixel extraction or decoding failure for one file; a batch records it and goes on. */
export class PixelDecodeError extends CodedError<PixelErrorCode> {
  constructor(code: PixelErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'PixelDecodeError';
  }
}
