/**
 * The envelope every IPC channel, handler and fallible service answers in, so callers never guess
 * what failed.
 */
export type Result<T, E = AppError> = { ok: true; value: T } | { ok: false; error: E };

/** A failure the UI or CLI can show: a stable machine code plus a human message. */
export interface AppError<C extends string = string> {
  code: C;
  message: string;
  /** The input file the error is about, when there is one. */
  file?: string;
}

/** Wraps a value as a successful result. */
export function ok<T>(value: T): Result<T, never> {
  return { ok: true, value };
}

/** Wraps an error as a failed result. */
export function err<E = AppError>(error: E): Result<never, E> {
  return { ok: false, error };
}
