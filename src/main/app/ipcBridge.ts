import type { ChannelHandlers } from '../../shared/ipc/api';
import { CHANNEL_NAMES, type ChannelName, ipcChannel } from '../../shared/ipc/channelNames';
import { dispatch } from '../ipc/dispatch';
import { isAppUrl } from './appProtocol';
import type { ElectronApi, IpcEventLike } from './electronApi';

/**
 * Handles one IPC call: refuses senders that are not the app's own page (`FORBIDDEN_SENDER`),
 * then validates the payload and runs the handler through the shared dispatcher.
 */
async function handleIpc(handlers: ChannelHandlers, name: ChannelName, event: IpcEventLike, payload: unknown): Promise<unknown> {
  if (!isAppUrl(event.senderFrame?.url)) {
    return { ok: false, error: { code: 'FORBIDDEN_SENDER', message: `${name}: the request did not come from the app's page` } };
  }
  return dispatch(handlers, name, payload);
}

/** Registers one `ipcMain.handle` per contract channel. */
export function registerIpcHandlers(ipcMain: ElectronApi['ipcMain'], handlers: ChannelHandlers): void {
  for (const name of CHANNEL_NAMES) {
    ipcMain.handle(ipcChannel(name), (event, payload) => handleIpc(handlers, name, event, payload));
  }
}
