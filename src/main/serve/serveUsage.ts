import { CodedError } from '../../shared/codedError';

/** Usage line of `serve`, kept apart so the CLI's help does not load the server. */
export const SERVE_USAGE = 'deid-studio serve [--root <folder>]... [--open <folder>] [--db F] [--project NAME] [--port N]';

/** A usage problem of `serve` (exit code 1). */
export class ServeUsageError extends CodedError<'USAGE'> {
  constructor(message: string) {
    super('USAGE', message);
    this.name = 'ServeUsageError';
  }
}
