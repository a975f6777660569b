/**
 * The one base of the errors the project throws on purpose. Each area subclasses it with its own
 * union of codes (`DicomErrorCode`, `PixelErrorCode`, `DatabaseErrorCode`, …), so a code is
 * checked where it is thrown and stable where it is shown: the UI and the CLI print it, reports
 * record it, tests assert on it. On the wire it travels as an `AppError` (./result.ts).
 */

/** An error with a stable machine `code` from its area's union, a message for people and an optional cause. */
export class CodedError<C extends string = string> extends Error {
  /** What went wrong, as a code the UI, the CLI and reports can rely on. */
  readonly code: C;

  constructor(code: C, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CodedError';
    this.code = code;
  }
}
