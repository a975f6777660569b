import { CodedError } from '../../shared/codedError';

/** Why an OCR job failed; `code` is stable for reports and the UI. */
const OCR_ERROR_CODES = ['OCR_FAILED', 'OCR_ENGINE_START', 'OCR_ENGINE_CRASHED', 'OCR_TIMEOUT', 'OCR_CLOSED', 'OCR_BAD_INPUT'] as const;
type OcrErrorCode = (typeof OCR_ERROR_CODES)[number];

/** True for a code of `OcrError` (an error that crossed a thread boundary as plain data). */
export function isOcrErrorCode(code: string): code is OcrErrorCode {
  return (OCR_ERROR_CODES as readonly string[]).includes(code);
}

/** An OCR job that could not produce words (engine failure, crash, timeout, closed pool, an image no engine can read). */
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
