/** Why an OCR job failed; `code` is stable for reports and the UI. */
type OcrErrorCode = 'OCR_FAILED' | 'OCR_ENGINE_START' | 'OCR_ENGINE_CRASHED' | 'OCR_TIMEOUT' | 'OCR_CLOSED';

/** An OCR job that could not produce words (engine failure, crash, timeout or closed pool). */
export class OcrError extends Error {
  readonly code: OcrErrorCode;
  constructor(code: OcrErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OcrError';
    this.code = code;
  }
}

/**
 * A job cancelled through its AbortSignal. Named `AbortError` like the platform's own, so callers
 * that already test `err.name === 'AbortError'` treat it the same way.
 */
export class OcrAbortError extends Error {
  readonly code = 'OCR_ABORTED';
  constructor(reason?: unknown) {
    super('OCR job aborted', { cause: reason });
    this.name = 'AbortError';
  }
}
