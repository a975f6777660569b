/**
 * Whether the server has a decision the reviewer made: while it is on its way a box shows
 * "pending"; when the server did not take it the box goes back to what the server holds and shows
 * "not saved" while the decision is sent again. A decision is never shown as made before the
 * server confirmed it.
 */
import { ApiError } from '../transport/callApi';

/** A decision on its way (`pending`) or refused by an unreachable server (`unsaved`, retried). */
export type SaveState = 'pending' | 'unsaved';

/** Words for a box's save state, for the list and the tooltip. */
export function saveLabel(state: SaveState): string {
  switch (state) {
    case 'pending':
      return 'pending: not confirmed by the server yet';
    case 'unsaved':
      return 'not saved: the server did not answer; retrying';
  }
}

const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 15_000;

/** How long to wait before sending a failed decision again (attempt 0 is the first retry). */
export function retryDelayMs(attempt: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempt));
}

/**
 * True when sending again may succeed: the server was not reached (code `TRANSPORT`). A refusal
 * by a server that answered (a box deleted meanwhile, say) would be refused again.
 */
export function isRetryable(e: unknown): boolean {
  return e instanceof ApiError && e.code === 'TRANSPORT';
}

/** `saves` with `ids` set to `state` (or cleared when `state` is null); the same map when nothing changes. */
export function withSaveState(saves: ReadonlyMap<number, SaveState>, ids: readonly number[], state: SaveState | null): ReadonlyMap<number, SaveState> {
  if (ids.every((id) => (saves.get(id) ?? null) === state)) return saves;
  const next = new Map(saves);
  for (const id of ids) {
    if (state === null) next.delete(id);
    else next.set(id, state);
  }
  return next;
}
