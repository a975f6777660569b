/** A failure a channel reports as `{ ok: false, error: { code, message } }`. */
export class ServiceError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ServiceError';
    this.code = code;
  }
}

/** `NOT_FOUND` for an id the main process never handed out. */
export function notFound(what: string): ServiceError {
  return new ServiceError('NOT_FOUND', `unknown ${what}; refresh and try again`);
}
