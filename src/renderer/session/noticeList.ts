/**
 * The notice stack as data: at most a few notices, the newest last. An error notice that came
 * from a failed channel call remembers its channel, and a later success on that channel clears
 * it: a stale "could not save" must not sit beside a decision that saved.
 */
import type { ChannelName } from '../../shared/ipc/channelNames';

/** A message shown at the bottom of the window. */
export interface Notice {
  id: number;
  tone: 'info' | 'error';
  text: string;
  /** The channel whose failure this error reports (cleared when that channel next succeeds). */
  channel?: ChannelName;
}

/** How many notices are shown at once. */
const MAX_NOTICES = 3;

/** The stack with `notice` added (the oldest dropped past {@link MAX_NOTICES}). */
export function addNotice(list: readonly Notice[], notice: Notice): Notice[] {
  return [...list.slice(-(MAX_NOTICES - 1)), notice];
}

/** The stack without the error notices of `channel` (the same list when there are none). */
export function clearChannelErrors(list: Notice[], channel: ChannelName): Notice[] {
  return list.some((n) => n.channel === channel) ? list.filter((n) => n.channel !== channel) : list;
}
