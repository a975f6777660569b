import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { RENDERER_CSP } from '../../shared/ipc/csp';
import type { DeidApi } from '../../shared/ipc/api';
import { type FetchLike, type SocketLike, createHttpApi } from '../../shared/ipc/wire';
import { type TinyEnv, tinyEnv, tinyPixel } from '../../../test/support/tinyStudy';
import { type RunningServer, startServer } from './httpServer';

let env: TinyEnv;
let server: RunningServer;
let staticDir: string;
let outside: string;

beforeEach(async () => {
  env = tinyEnv({ browseRoot: true });
  staticDir = join(env.root, 'renderer');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><script src="/app.js"></script>');
  writeFileSync(join(staticDir, 'app.js'), 'console.log(1)');
  outside = mkdtempSync(join(tmpdir(), 'deid-outside-'));
  mkdirSync(join(outside, 'secret-study'));
  symlinkSync(outside, join(env.root, 'link-out'));
  server = await startServer({ services: env.services, staticDir });
});
afterEach(async () => {
  await server.close();
  await env.cleanup();
  rmSync(outside, { recursive: true, force: true });
});

function base(): string {
  return `http://127.0.0.1:${server.port}`;
}

function api(token = server.token): DeidApi {
  const fetchLike: FetchLike = (url, init) => fetch(url, init);
  return createHttpApi({ baseUrl: base(), token, fetch: fetchLike, openSocket: (url) => new WebSocket(url) as unknown as SocketLike });
}

/** A raw request, so Host and Origin can be forged and paths sent unnormalised. */
function raw(path: string, headers: Record<string, string>, method = 'GET', body?: string): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('serve', () => {
  it('serves the page only with the token, with the CSP and a cookie for its assets', async () => {
    expect((await fetch(`${base()}/`)).status).toBe(401);
    expect((await fetch(`${base()}/?token=wrong`)).status).toBe(401);
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe');
    expect(csp.startsWith(RENDERER_CSP.split(';')[0])).toBe(true);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0];
    expect(page.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    expect((await fetch(`${base()}/app.js`)).status).toBe(401);
    const asset = await fetch(`${base()}/app.js`, { headers: { cookie } });
    expect(asset.status).toBe(200);
    expect(await asset.text()).toBe('console.log(1)');
    // The cookie opens static files only, never the channels.
    expect((await fetch(`${base()}/api/appInfo`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
  });

  it('refuses channel calls without the token, with a forged Origin or Host, or not as JSON', async () => {
    const call = (headers: Record<string, string>) => raw('/api/appInfo', { 'content-type': 'application/json', ...headers }, 'POST', '{}');
    const host = `127.0.0.1:${server.port}`;
    expect((await call({ host })).status).toBe(401);
    expect((await call({ host, 'x-deid-token': 'nope' })).status).toBe(401);
    expect((await call({ host, 'x-deid-token': server.token, origin: 'http://evil.example' })).status).toBe(403);
    expect((await call({ host, 'x-deid-token': server.token, origin: 'http://127.0.0.1:1' })).status).toBe(403);
    expect((await call({ host: 'rebound.example:80', 'x-deid-token': server.token })).status).toBe(403);
    expect((await call({ host, 'x-deid-token': server.token, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    const ok = await call({ host, 'x-deid-token': server.token, origin: base() });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, value: { mode: 'browser', version: '0.0.0-test' } });
    const form = await raw('/api/appInfo', { host, 'x-deid-token': server.token, 'content-type': 'text/plain' }, 'POST', '{}');
    expect(form.status).toBe(415);
    const invalid = await raw('/api/studiesTree', { host, 'x-deid-token': server.token, 'content-type': 'application/json' }, 'POST', '{"folderId":"/etc"}');
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.body)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
  });

  it('keeps browsing inside the roots and static files inside the renderer folder', async () => {
    const client = api();
    const roots = await client.browseRoots({});
    if (!roots.ok) throw new Error(roots.error.message);
    const listing = await client.browseList({ folderId: roots.value.roots[0].id });
    if (!listing.ok) throw new Error(listing.error.message);
    const names = listing.value.entries.map((e) => e.name);
    expect(names).toContain('study');
    // A link leading out of the root is not offered.
    expect(names).not.toContain('link-out');
    expect(listing.value.parentId).toBeNull();
    const forged = await client.browseList({ folderId: 'fld_forgedforged' });
    expect(forged.ok ? 'ok' : forged.error.code).toBe('NOT_FOUND');
    const escape = await client.browseCreateFolder({ parentId: roots.value.roots[0].id, name: '..' });
    expect(escape.ok ? 'ok' : escape.error.code).toBe('INVALID_REQUEST');
    const cookie = `deid_token=${server.token}`;
    // secret.txt sits beside the renderer folder: no spelling of "../" reaches it.
    writeFileSync(join(env.root, 'secret.txt'), 'SECRET');
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/..%5csecret.txt', '/%2e%2e%5csecret.txt', '/app.js%00.txt']) {
      const r = await raw(path, { host: `127.0.0.1:${server.port}`, cookie });
      expect(r.status, path).toBe(404);
      expect(r.body).not.toContain('SECRET');
    }
  });

  it('round-trips a study through the HTTP client: open, tree, binary frame, events over the WebSocket', async () => {
    const client = api();
    const events: string[] = [];
    const finished = new Promise<void>((resolve) => {
      client.on('jobProgress', (p) => events.push(`progress:${p.done}/${p.total}`));
      client.on('jobFinished', (j) => {
        events.push(`finished:${j.state}`);
        resolve();
      });
    });
    // Give the socket a moment to connect before the job starts.
    await new Promise((r) => setTimeout(r, 100));
    const roots = await client.browseRoots({});
    if (!roots.ok) throw new Error(roots.error.message);
    const listing = await client.browseList({ folderId: roots.value.roots[0].id });
    if (!listing.ok) throw new Error(listing.error.message);
    const study = listing.value.entries.find((e) => e.name === 'study');
    const opened = await client.studiesOpen({ source: { via: 'browse', folderId: study?.id ?? '' } });
    if (!opened.ok || 'cancelled' in opened.value) throw new Error('open failed');
    await finished;
    expect(events).toContain('finished:done');
    expect(events.some((e) => e.startsWith('progress:'))).toBe(true);
    const tree = await client.studiesTree({ folderId: opened.value.folder.folderId });
    if (!tree.ok) throw new Error(tree.error.message);
    const imageId = tree.value.patients[0].studies[0].series[0].instances[0].imageId;
    const frame = await client.imagesFrame({ imageId, frame: 0, format: 'gray16' });
    if (!frame.ok) throw new Error(frame.error.message);
    expect(frame.value).toMatchObject({ width: 16, height: 16, format: 'gray16', imageId });
    expect(new Uint16Array(frame.value.pixels)[2 * 16 + 7]).toBe(tinyPixel(7, 2));
    const missing = await client.imagesFrame({ imageId, frame: 3 });
    expect(missing.ok ? 'ok' : missing.error.code).toBe('NO_SUCH_FRAME');
  });

  it('refuses WebSocket connections without the token or from another origin', async () => {
    const attempt = (url: string, origin?: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url, origin ? { origin } : {});
        ws.on('open', () => {
          ws.close();
          resolve(101);
        });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('error', () => resolve(-1));
      });
    const wsBase = `ws://127.0.0.1:${server.port}/ws`;
    expect(await attempt(wsBase)).toBe(401);
    expect(await attempt(`${wsBase}?token=${server.token}`, 'http://evil.example')).toBe(403);
    expect(await attempt(`${wsBase}?token=${server.token}`, base())).toBe(101);
  });
});
