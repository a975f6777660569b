import type { z } from 'zod';
import { CodedError } from '../../shared/codedError';
import type { ChannelHandlers, ChannelResponse } from '../../shared/ipc/api';
import type { ChannelName } from '../../shared/ipc/channelNames';
import { CONTRACT } from '../../shared/ipc/contract';
import type { AppError, Result } from '../../shared/result';

/** Options of {@link dispatch}. */
interface DispatchOptions {
  /** Also check the answer against the contract (tests; costs a parse of every answer). */
  validateResponse?: boolean;
}

/** A zod failure in one line: `field.path: message; …`. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(request)'}: ${i.message}`)
    .join('; ');
}

/** The envelope of an error thrown by a handler: a {@link CodedError}'s code, anything else `INTERNAL`. */
export function errorEnvelope(e: unknown): { ok: false; error: AppError } {
  const code = e instanceof CodedError ? e.code : 'INTERNAL';
  const message = e instanceof Error ? e.message : String(e);
  return { ok: false, error: { code, message } };
}

/**
 * Validates `payload` against the channel's request schema, runs the handler and wraps the
 * outcome in the envelope. Never throws: bad payloads are `INVALID_REQUEST`, handler errors
 * keep their code. The one entry point for IPC and HTTP alike.
 */
export async function dispatch<K extends ChannelName>(
  handlers: ChannelHandlers,
  name: K,
  payload: unknown,
  opts: DispatchOptions = {},
): Promise<Result<ChannelResponse<K>>> {
  const schema = CONTRACT[name];
  const parsed = schema.request.safeParse(payload ?? {});
  if (!parsed.success) {
    return { ok: false, error: { code: 'INVALID_REQUEST', message: `${name}: ${describeIssues(parsed.error)}` } };
  }
  try {
    const handler = handlers[name] as (req: unknown) => Promise<ChannelResponse<K>>;
    const value = await handler(parsed.data);
    if (opts.validateResponse) {
      const checked = schema.response.safeParse(value);
      if (!checked.success) {
        return { ok: false, error: { code: 'INTERNAL', message: `${name} answered outside the contract: ${describeIssues(checked.error)}` } };
      }
    }
    return { ok: true, value };
  } catch (e) {
    return errorEnvelope(e);
  }
}
