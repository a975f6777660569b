/**
 * Browser mode's wire format (`deid-studio serve`) and a client that implements {@link DeidApi}
 * over it, free of Node and DOM types so the renderer and the server tests share it.
 *
 * - `POST /api/<channel>` with the JSON request; the answer is the JSON envelope. Channels in
 *   {@link BINARY_CHANNELS} answer a success with the raw bytes as body and the other fields as
 *   JSON in the `x-deid-meta` header; failures are JSON envelopes.
 * - `GET /ws?token=…` is a WebSocket of `{ event, payload }` JSON messages.
 * - Every request carries the token (header `x-deid-token`, or `?token=` where headers cannot be
 *   set); requests with another Origin are refused.
 */
import type { AppError, Result } from '../result';
import type { ChannelRequest, ChannelResponse, DeidApi, EventPayload } from './api';
import { CHANNEL_NAMES, type ChannelName, type EventName, isEventName } from './channelNames';

/** Path prefix of the channels. */
export const API_PREFIX = '/api/';
/** WebSocket path for events. */
export const WS_PATH = '/ws';
/** Header carrying the session token. */
export const TOKEN_HEADER = 'x-deid-token';
/** Query parameter carrying the token (page URL, WebSocket). */
export const TOKEN_QUERY = 'token';
/** Header with the non-binary fields of a binary answer. */
export const BINARY_META_HEADER = 'x-deid-meta';
/** Channels whose success answer is binary: the field named here is the body. */
export const BINARY_CHANNELS = { imagesFrame: 'pixels', imagesAsWritten: 'pixels' } as const satisfies Partial<Record<ChannelName, string>>;

/** One event message on the WebSocket. */
export interface EventMessage {
  event: EventName;
  payload: unknown;
}

/** The parts of a fetch Response the client uses. */
interface ResponseLike {
  status: number;
  headers: { get(name: string): string | null };
  json(): Promise<unknown>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** The fetch function (global `fetch` in browsers and Node). */
export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<ResponseLike>;

/** The parts of a WebSocket the client uses (browser WebSocket and `ws` both fit). */
export interface SocketLike {
  addEventListener(type: 'message', listener: (ev: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: () => void): void;
  close(): void;
}

/** Options of {@link createHttpApi}. */
interface HttpApiOptions {
  /** e.g. `http://127.0.0.1:43123` (no trailing slash). */
  baseUrl: string;
  token: string;
  fetch: FetchLike;
  /** Opens the event socket; events are unavailable without it. */
  openSocket?: (url: string) => SocketLike;
}

function transportError(message: string): Result<never> {
  const error: AppError = { code: 'TRANSPORT', message };
  return { ok: false, error };
}

/** Builds the {@link DeidApi} over HTTP and WebSocket. */
export function createHttpApi(opts: HttpApiOptions): DeidApi {
  const call = async <K extends ChannelName>(name: K, request: ChannelRequest<K>): Promise<Result<ChannelResponse<K>>> => {
    let res: ResponseLike;
    try {
      res = await opts.fetch(`${opts.baseUrl}${API_PREFIX}${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: opts.token },
        body: JSON.stringify(request ?? {}),
      });
    } catch (e) {
      return transportError(`request failed: ${(e as Error).message}`);
    }
    const meta = res.headers.get(BINARY_META_HEADER);
    const binaryField = (BINARY_CHANNELS as Partial<Record<ChannelName, string>>)[name];
    if (binaryField && meta !== null && res.status === 200) {
      const fields = JSON.parse(decodeURIComponent(meta)) as Record<string, unknown>;
      const value = { ...fields, [binaryField]: await res.arrayBuffer() } as ChannelResponse<K>;
      return { ok: true, value };
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      return transportError(`HTTP ${res.status} without a JSON answer`);
    }
    if (body && typeof body === 'object' && 'ok' in body) return body as Result<ChannelResponse<K>>;
    return transportError(`HTTP ${res.status}: unexpected answer`);
  };

  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let socket: SocketLike | undefined;
  const ensureSocket = (): void => {
    if (socket || !opts.openSocket) return;
    const wsBase = opts.baseUrl.replace(/^http/, 'ws');
    const s = opts.openSocket(`${wsBase}${WS_PATH}?${TOKEN_QUERY}=${encodeURIComponent(opts.token)}`);
    socket = s;
    s.addEventListener('message', (ev) => {
      if (typeof ev.data !== 'string') return;
      let msg: EventMessage;
      try {
        msg = JSON.parse(ev.data) as EventMessage;
      } catch {
        return;
      }
      if (!isEventName(msg.event)) return;
      for (const l of listeners.get(msg.event) ?? []) l(msg.payload);
    });
    s.addEventListener('close', () => {
      if (socket === s) socket = undefined;
    });
  };

  const api: Record<string, unknown> = {};
  for (const name of CHANNEL_NAMES) api[name] = (request: ChannelRequest<typeof name>) => call(name, request);
  api.on = <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): (() => void) => {
    ensureSocket();
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    const wrapped = listener as (payload: unknown) => void;
    set.add(wrapped);
    return () => {
      set.delete(wrapped);
      if ([...listeners.values()].every((l) => l.size === 0) && socket) {
        socket.close();
        socket = undefined;
      }
    };
  };
  return api as DeidApi;
}
