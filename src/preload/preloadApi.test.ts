import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, ipcChannel, ipcEventChannel } from '../shared/ipc/channelNames';
import { buildPreloadApi, type IpcRendererLike } from './preloadApi';

function fakeIpc() {
  const invoked: [string, unknown][] = [];
  const listeners = new Map<string, Set<(e: unknown, p: unknown) => void>>();
  const ipc: IpcRendererLike = {
    invoke: async (channel, payload) => {
      invoked.push([channel, payload]);
      return { ok: true, value: channel };
    },
    on: (channel, l) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(l)),
    removeListener: (channel, l) => listeners.get(channel)?.delete(l),
  };
  return { ipc, invoked, listeners };
}

describe('preload API', () => {
  it('has exactly one method per channel, each invoking its own channel', async () => {
    const { ipc, invoked } = fakeIpc();
    const api = buildPreloadApi(ipc);
    expect(Object.keys(api).sort()).toEqual([...CHANNEL_NAMES, 'on'].sort());
    expect(await api.studiesTree({ folderId: 'fld_abcdefgh' })).toEqual({ ok: true, value: ipcChannel('studiesTree') });
    await api.appInfo({});
    expect(invoked).toEqual([[ipcChannel('studiesTree'), { folderId: 'fld_abcdefgh' }], [ipcChannel('appInfo'), {}]]);
    expect('invoke' in api).toBe(false);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('subscribes to contract events only, hides the IPC event and unsubscribes', () => {
    const { ipc, listeners } = fakeIpc();
    const api = buildPreloadApi(ipc);
    const got: unknown[] = [];
    const off = api.on('jobProgress', (p) => got.push(p));
    const set = listeners.get(ipcEventChannel('jobProgress'));
    expect(set?.size).toBe(1);
    for (const l of set ?? []) l({ sender: 'ipcRenderer would leak here' }, { jobId: 'job_1', done: 1 });
    expect(got).toEqual([{ jobId: 'job_1', done: 1 }]);
    off();
    expect(set?.size).toBe(0);
    expect(() => (api.on as (e: string, l: () => void) => void)('anything', () => {})).toThrow(/unknown event/);
  });
});
