/**
 * Calls a channel and unwraps its envelope: the value on success, an {@link ApiError} carrying the
 * main process's error code otherwise, so screens can `await` and show one message on failure.
 */
import { CodedError } from '../../shared/codedError';
import type { ChannelRequest, ChannelResponse, DeidApi } from '../../shared/ipc/api';
import type { ChannelName } from '../../shared/ipc/channelNames';
import type { Result } from '../../shared/result';
import { errorLine } from './errorWords';

/** A channel answered `{ ok: false }` (or the transport failed: code `TRANSPORT`). */
export class ApiError extends CodedError {
  readonly channel: ChannelName;

  constructor(channel: ChannelName, code: string, message: string) {
    super(code, message);
    this.name = 'ApiError';
    this.channel = channel;
  }
}

/** Sends `request` on `channel` and returns the value, or throws {@link ApiError}. */
export async function callApi<K extends ChannelName>(api: DeidApi, channel: K, request: ChannelRequest<K>): Promise<ChannelResponse<K>> {
  // The mapped type loses the link between K and its method when indexed generically.
  const method = api[channel] as unknown as (r: ChannelRequest<K>) => Promise<Result<ChannelResponse<K>>>;
  const answer = await method(request);
  if (answer.ok) return answer.value;
  throw new ApiError(channel, answer.error.code, answer.error.message);
}

/** A one-line message for any failure: words first, then the error code when there is one. */
export function describeError(e: unknown): string {
  if (e instanceof ApiError) return errorLine(e.code, e.message);
  if (e instanceof Error) return e.message;
  return String(e);
}
