/**
 * Types derived from the contract: what the renderer calls (`DeidApi`, exposed by the preload as
 * `window.deid` and by the HTTP client in browser mode) and what the main process implements
 * (`ChannelHandlers`). Nothing here is written by hand per channel.
 */
import type { z } from 'zod';
import type { Result } from '../result';
import type { ChannelName, EventName } from './channelNames';
import type { CONTRACT, EVENTS } from './contract';

/** What the renderer passes to a channel (fields with defaults may be left out). */
export type ChannelRequest<K extends ChannelName> = z.input<(typeof CONTRACT)[K]['request']>;
/** What a handler receives: the request after validation, defaults filled in. */
type ParsedRequest<K extends ChannelName> = z.output<(typeof CONTRACT)[K]['request']>;
/** The value a channel answers with. */
export type ChannelResponse<K extends ChannelName> = z.output<(typeof CONTRACT)[K]['response']>;
/** The payload of an event. */
export type EventPayload<E extends EventName> = z.output<(typeof EVENTS)[E]>;

/** Stops a subscription. */
type Unsubscribe = () => void;

/** The renderer's view of the main process: one typed method per channel, plus events. */
export type DeidApi = {
  [K in ChannelName]: (request: ChannelRequest<K>) => Promise<Result<ChannelResponse<K>>>;
} & {
  /** Subscribes to an event; returns the function that unsubscribes. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): Unsubscribe;
};

/** The main process's implementation: one method per channel; throwing a `CodedError` becomes `{ ok: false }` with its code. */
export type ChannelHandlers = {
  [K in ChannelName]: (request: ParsedRequest<K>) => Promise<ChannelResponse<K>>;
};

/** Where the preload puts the API in the renderer's main world (`window.deid`). */
export const DEID_API_GLOBAL = 'deid';
