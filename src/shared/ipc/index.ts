/** The app's IPC contract: channel names, schemas, derived types, wire format and CSP. */
export { type ChannelRequest, type ChannelResponse, type ChannelHandlers, DEID_API_GLOBAL, type DeidApi, type EventPayload, type ParsedRequest, type Unsubscribe } from './api';
export { CHANNEL_NAMES, type ChannelName, EVENT_NAMES, type EventName, ipcChannel, ipcEventChannel, isChannelName, isEventName } from './channelNames';
export { CONTRACT, EVENTS, type ChannelSchema } from './contract';
export { RENDERER_CSP, serveCsp } from './csp';
export * from './schemas/common';
export * from './schemas/review';
export * from './schemas/study';
export { API_PREFIX, BINARY_CHANNELS, BINARY_META_HEADER, createHttpApi, type EventMessage, type FetchLike, type HttpApiOptions, type ResponseLike, type SocketLike, TOKEN_HEADER, TOKEN_QUERY, WS_PATH } from './wire';
