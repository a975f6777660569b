import { CodedError } from '../../shared/codedError';

/** Why a file could not be read as DICOM; `code` is stable for reports and the UI. */
type DicomErrorCode =
  | 'NOT_DICOM'
  | 'DICOMDIR'
  | 'TRUNCATED'
  | 'BAD_VR'
  | 'BAD_LENGTH'
  | 'BAD_ITEM'
  | 'BAD_DEFLATE'
  | 'UNSUPPORTED'
  /** Over one of the product's limits (src/main/dicom/limits.ts); the message names it. */
  | 'OVER_LIMIT'
  | 'IO';

/** A file that is not DICOM or cannot be parsed; the message names the offset where it went wrong. */
export class DicomParseError extends CodedError<DicomErrorCode> {
  constructor(code: DicomErrorCode, message: string) {
    super(code, message);
    this.name = 'DicomParseError';
  }
}
