import { CodedError } from '../../shared/codedError';

/** Why an OCR job failed; `code` is stable for reports and the UI. */
type OcrErrorCode = 'OCR_FAILED' | 'OCR_ENGINE_START' | 'OCR_ENGINE_CRASHED' | 'OCR_TIMEOUT' | 'OCR_CLOSED';

/** An OCR job that could not produce words (engine failure, crash, timeout or closed pool). */
export class OcrError extends CodedError<OcrErrorCode> {
  constructor(code: OcrErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'OcrError';
  }
}

/**
 * A job cancelled through its AbortSignal. Named `AbortError` like the platform's own, so callers
 * that already test `err.name === 'AbortError'` treat it the same way.
 */
export class OcrAbortError extends CodedError<'OCR_ABORTED'> {
  constructor(reason?: unknown) {
    super('OCR_ABORTED', 'OCR job aborted', { cause: reason });
    this.name = 'AbortError';
  }
}
