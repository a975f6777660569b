/**
 * Wraps the API so the shell hears every call's outcome: which channel failed with which
 * one-line message (as `describeError` words it), and which channel succeeded. The shell tags an
 * error notice with the channel whose failure it shows and clears it on that channel's next success.
 */
import type { DeidApi } from '../../shared/ipc/api';
import { CHANNEL_NAMES, type ChannelName } from '../../shared/ipc/channelNames';
import type { Result } from '../../shared/result';
import { ApiError, describeError } from '../transport/callApi';

/** What the wrapper reports. */
interface CallOutcomes {
  failed: (channel: ChannelName, line: string) => void;
  succeeded: (channel: ChannelName) => void;
}

/** `api` with every channel method reporting its outcome to `outcomes` (events pass through). */
export function trackOutcomes(api: DeidApi, outcomes: CallOutcomes): DeidApi {
  const tracked: Record<string, unknown> = { on: api.on.bind(api) };
  for (const channel of CHANNEL_NAMES) {
    const method = api[channel] as unknown as (r: unknown) => Promise<Result<unknown>>;
    tracked[channel] = async (request: unknown): Promise<Result<unknown>> => {
      const answer = await method(request);
      if (answer.ok) outcomes.succeeded(channel);
      else outcomes.failed(channel, describeError(new ApiError(channel, answer.error.code, answer.error.message)));
      return answer;
    };
  }
  return tracked as unknown as DeidApi;
}
