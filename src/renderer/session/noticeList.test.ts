import { describe, expect, it } from 'vitest';
import type { DeidApi } from '../../shared/ipc/api';
import { addNotice, clearChannelErrors, type Notice } from './noticeList';
import { trackOutcomes } from './trackedApi';

describe('notice stack', () => {
  it('keeps the three newest notices', () => {
    let list: Notice[] = [];
    for (let id = 1; id <= 5; id++) list = addNotice(list, { id, tone: 'info', text: `n${id}` });
    expect(list.map((n) => n.id)).toEqual([3, 4, 5]);
  });
  it("clears a channel's error notices when that channel succeeds, and only those", () => {
    const list: Notice[] = [
      { id: 1, tone: 'error', text: 'not saved (TRANSPORT)', channel: 'rectsDecide' },
      { id: 2, tone: 'error', text: 'no folder (NO_FOLDER)', channel: 'deidentifyStart' },
      { id: 3, tone: 'info', text: 'Approved.' },
    ];
    expect(clearChannelErrors(list, 'rectsDecide').map((n) => n.id)).toEqual([2, 3]);
    expect(clearChannelErrors(list, 'jobsList')).toBe(list);
  });
});

describe('trackOutcomes', () => {
  it('reports the failure line a toast will show, and the later success of the same channel', async () => {
    let fail = true;
    const api = {
      on: () => () => undefined,
      rectsDecide: async () => (fail ? { ok: false as const, error: { code: 'TRANSPORT', message: 'request failed: Failed to fetch' } } : { ok: true as const, value: { rects: [] } }),
    } as unknown as DeidApi;
    const seen: string[] = [];
    const tracked = trackOutcomes(api, { failed: (c, line) => seen.push(`fail ${c}: ${line}`), succeeded: (c) => seen.push(`ok ${c}`) });
    await tracked.rectsDecide({ rectIds: [1], status: 'approved' });
    fail = false;
    await tracked.rectsDecide({ rectIds: [1], status: 'approved' });
    expect(seen).toEqual([
      'fail rectsDecide: The server did not answer (is `deid-studio serve` still running?): request failed: Failed to fetch (TRANSPORT)',
      'ok rectsDecide',
    ]);
  });
});
