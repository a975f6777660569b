import { describe, expect, it } from 'vitest';
import { reconnectingSocket } from './reconnectingSocket';

class FakeSocket {
  readonly listeners = new Map<string, ((ev: { data: unknown }) => void)[]>();
  closed = false;
  addEventListener(type: string, l: (ev: { data: unknown }) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), l]);
  }
  emit(type: string, data?: unknown): void {
    for (const l of this.listeners.get(type) ?? []) l({ data });
  }
  close(): void {
    this.closed = true;
  }
}

describe('reconnectingSocket', () => {
  it('reconnects with back-off after a drop, keeps listeners, and stops on close()', () => {
    const sockets: FakeSocket[] = [];
    const delays: number[] = [];
    const pending: (() => void)[] = [];
    const status: boolean[] = [];
    let reconnects = 0;
    const s = reconnectingSocket('ws://x/ws', {
      open: () => {
        const f = new FakeSocket();
        sockets.push(f);
        return f;
      },
      schedule: (fn, ms) => {
        delays.push(ms);
        pending.push(fn);
      },
      onStatus: (c) => status.push(c),
      onReconnect: () => reconnects++,
      firstDelayMs: 100,
      maxDelayMs: 300,
    });
    const got: unknown[] = [];
    s.addEventListener('message', (ev) => got.push(ev.data));
    let closedSeen = 0;
    s.addEventListener('close', () => closedSeen++);

    sockets[0].emit('open');
    sockets[0].emit('message', 'a');
    sockets[0].emit('close');
    expect(closedSeen).toBe(0);
    pending.shift()?.();
    sockets[1].emit('close');
    pending.shift()?.();
    sockets[2].emit('close');
    pending.shift()?.();
    sockets[3].emit('open');
    sockets[3].emit('message', 'b');
    expect(got).toEqual(['a', 'b']);
    expect(delays).toEqual([100, 200, 300]);
    expect(reconnects).toBe(1);
    expect(status).toEqual([true, false, false, false, true]);

    s.close();
    expect(sockets[3].closed).toBe(true);
    expect(closedSeen).toBe(1);
    sockets[3].emit('close');
    expect(pending).toHaveLength(0);
  });
});
