/**
 * A WebSocket that reconnects after the server drops it (laptop sleep, server restart), with a
 * capped back-off. The shared HTTP client sees one socket for the whole session; the app is told
 * when a reconnect happened so it can refetch whatever events it may have missed.
 */
import type { SocketLike } from '../../shared/ipc/wire';

/** The browser WebSocket constructor, or a stand-in for tests. */
type SocketFactory = (url: string) => {
  addEventListener(type: 'message', l: (ev: { data: unknown }) => void): void;
  addEventListener(type: 'close' | 'open', l: () => void): void;
  close(): void;
};

/** Options of {@link reconnectingSocket}. */
interface ReconnectOptions {
  open: SocketFactory;
  /** Called after a lost connection was re-established. */
  onReconnect?: () => void;
  /** Called when the connection drops or comes back, for a status indicator. */
  onStatus?: (connected: boolean) => void;
  schedule?: (fn: () => void, ms: number) => unknown;
  firstDelayMs?: number;
  maxDelayMs?: number;
}

/** Wraps `open(url)` as one {@link SocketLike} that survives disconnects until `close()`. */
export function reconnectingSocket(url: string, opts: ReconnectOptions): SocketLike {
  const schedule = opts.schedule ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
  const first = opts.firstDelayMs ?? 500;
  const max = opts.maxDelayMs ?? 10_000;
  const messageListeners: ((ev: { data: unknown }) => void)[] = [];
  const closeListeners: (() => void)[] = [];
  let closed = false;
  let delay = first;
  let everOpened = false;
  let current: ReturnType<SocketFactory> | null = null;

  const connect = (): void => {
    const s = opts.open(url);
    current = s;
    s.addEventListener('open', () => {
      delay = first;
      opts.onStatus?.(true);
      if (everOpened) opts.onReconnect?.();
      everOpened = true;
    });
    s.addEventListener('message', (ev) => {
      for (const l of messageListeners) l(ev);
    });
    s.addEventListener('close', () => {
      if (closed || current !== s) return;
      current = null;
      opts.onStatus?.(false);
      schedule(() => {
        if (!closed) connect();
      }, delay);
      delay = Math.min(max, delay * 2);
    });
  };
  connect();

  return {
    addEventListener(type: 'message' | 'close', listener: ((ev: { data: unknown }) => void) | (() => void)): void {
      if (type === 'message') messageListeners.push(listener as (ev: { data: unknown }) => void);
      else closeListeners.push(listener as () => void);
    },
    close(): void {
      if (closed) return;
      closed = true;
      current?.close();
      current = null;
      for (const l of closeListeners) l();
    },
  };
}
