/**
 * Picks how the renderer reaches the main process. In Electron the sandboxed preload has put the
 * typed bridge on `window.deid`; in browser mode (`deid-studio serve`) the same {@link DeidApi} is
 * built over HTTP and a WebSocket, with the session token taken from the page URL. The rest of the
 * renderer only ever sees `DeidApi`.
 */
import { DEID_API_GLOBAL } from '../../shared/ipc/api';
import type { DeidApi } from '../../shared/ipc/api';
import { TOKEN_QUERY, createHttpApi } from '../../shared/ipc/wire';
import type { FetchLike } from '../../shared/ipc/wire';
import { reconnectingSocket } from './reconnectingSocket';

/** How the renderer is connected. */
export type TransportKind = 'electron' | 'browser';

/** The outcome of {@link createTransport}. */
type TransportResult =
  | { ok: true; kind: TransportKind; api: DeidApi }
  | { ok: false; reason: 'no-token' | 'no-bridge'; message: string };

/** Hooks for connection state in browser mode. */
interface TransportHooks {
  onReconnect?: () => void;
  onConnection?: (connected: boolean) => void;
}

/** The parts of `window` the choice depends on. */
export interface TransportHost {
  location: { protocol: string; origin: string; search: string };
  fetch: FetchLike;
  WebSocket?: new (url: string) => WebSocket;
  [DEID_API_GLOBAL]?: DeidApi;
}

/** Builds the transport for this page; see the module comment. */
export function createTransport(host: TransportHost, hooks: TransportHooks = {}): TransportResult {
  const bridge = host[DEID_API_GLOBAL];
  if (bridge !== undefined) return { ok: true, kind: 'electron', api: bridge };
  if (host.location.protocol !== 'http:' && host.location.protocol !== 'https:') {
    return { ok: false, reason: 'no-bridge', message: 'The app bridge is missing: the preload did not load.' };
  }
  const token = new URLSearchParams(host.location.search).get(TOKEN_QUERY);
  if (token === null || token === '') {
    return {
      ok: false,
      reason: 'no-token',
      message: 'This page needs its access token. Open the full address that `deid-studio serve` printed (it ends in ?token=…).',
    };
  }
  const Socket = host.WebSocket;
  const api = createHttpApi({
    baseUrl: host.location.origin,
    token,
    fetch: host.fetch,
    openSocket:
      Socket === undefined
        ? undefined
        : (url) => reconnectingSocket(url, { open: (u) => new Socket(u), onReconnect: hooks.onReconnect, onStatus: hooks.onConnection }),
  });
  return { ok: true, kind: 'browser', api };
}
