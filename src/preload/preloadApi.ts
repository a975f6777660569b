import type { DeidApi } from '../shared/ipc/api';
import { CHANNEL_NAMES, type EventName, ipcChannel, ipcEventChannel, isEventName } from '../shared/ipc/channelNames';

/** The parts of `ipcRenderer` the preload uses. */
export interface IpcRendererLike {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}

/**
 * Builds the object the preload exposes as `window.deid`: one method per contract channel, each
 * invoking exactly its own IPC channel, and `on(event, cb)` for the contract's events only. The
 * IPC event object never reaches the page (it would hand it `ipcRenderer`).
 */
export function buildPreloadApi(ipc: IpcRendererLike): DeidApi {
  const api: Record<string, unknown> = {};
  for (const name of CHANNEL_NAMES) {
    const channel = ipcChannel(name);
    api[name] = (request: unknown) => ipc.invoke(channel, request ?? {});
  }
  api.on = (event: EventName, listener: (payload: unknown) => void): (() => void) => {
    if (!isEventName(event)) throw new Error(`unknown event ${String(event)}`);
    if (typeof listener !== 'function') throw new Error('listener must be a function');
    const channel = ipcEventChannel(event);
    const wrapped = (_event: unknown, payload: unknown): void => listener(payload);
    ipc.on(channel, wrapped);
    return () => {
      ipc.removeListener(channel, wrapped);
    };
  };
  return Object.freeze(api) as DeidApi;
}
