import { describe, expect, it } from 'vitest';
import type { DeidApi } from '../../shared/ipc/api';
import { API_PREFIX, TOKEN_HEADER } from '../../shared/ipc/wire';
import type { FetchLike } from '../../shared/ipc/wire';
import { ApiError, callApi } from './callApi';
import { createTransport } from './createTransport';
import type { TransportHost } from './createTransport';

function host(url: string, fetch: FetchLike, extra: Partial<TransportHost> = {}): TransportHost {
  const u = new URL(url);
  return { location: { protocol: u.protocol, origin: u.origin, search: u.search }, fetch, ...extra };
}

const noFetch: FetchLike = () => Promise.reject(new Error('no network in this test'));

describe('createTransport', () => {
  it('uses the preload bridge when there is one', () => {
    const bridge = { marker: true } as unknown as DeidApi;
    const t = createTransport(host('app://deid/index.html', noFetch, { deid: bridge }));
    expect(t).toEqual({ ok: true, kind: 'electron', api: bridge });
  });

  it('refuses to run in browser mode without the token', () => {
    const t = createTransport(host('http://127.0.0.1:5000/', noFetch));
    expect(t.ok).toBe(false);
    if (!t.ok) expect(t.reason).toBe('no-token');
    const other = createTransport(host('file:///x/index.html', noFetch));
    expect(!other.ok && other.reason).toBe('no-bridge');
  });

  it('sends every call with the URL token to the same origin, and unwraps envelopes', async () => {
    const seen: { url: string; token: string | undefined; body: string }[] = [];
    const fetch: FetchLike = async (url, init) => {
      seen.push({ url, token: init.headers[TOKEN_HEADER], body: init.body });
      const payload = url.endsWith('jobsCancel') ? { ok: false, error: { code: 'NOT_FOUND', message: 'no such job' } } : { ok: true, value: { cancelled: true } };
      return { status: 200, headers: { get: () => null }, json: async () => payload, arrayBuffer: async () => new ArrayBuffer(0) };
    };
    const t = createTransport(host('http://127.0.0.1:5000/?token=s3cret', fetch));
    if (!t.ok) throw new Error('expected a transport');
    expect(t.kind).toBe('browser');
    await expect(callApi(t.api, 'jobsList', {})).resolves.toEqual({ cancelled: true });
    const failure = callApi(t.api, 'jobsCancel', { jobId: 'job_1' });
    await expect(failure).rejects.toBeInstanceOf(ApiError);
    await expect(failure).rejects.toMatchObject({ code: 'NOT_FOUND', channel: 'jobsCancel' });
    expect(seen.map((s) => s.url)).toEqual([`http://127.0.0.1:5000${API_PREFIX}jobsList`, `http://127.0.0.1:5000${API_PREFIX}jobsCancel`]);
    expect(seen.every((s) => s.token === 's3cret')).toBe(true);
    expect(JSON.parse(seen[1].body)).toEqual({ jobId: 'job_1' });
  });
});
