/**
 * Browser mode's defences, proven against the real `serve` and Chromium: the CSP blocks injected
 * inline script, inline handlers and eval; requests without the token, with a wrong one, for a
 * foreign Host or from a foreign Origin are refused; and a page on another origin cannot call
 * the API even when it knows the token.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { rawRequest } from './support/apiClient';
import { browserMissing, launchChromium } from './support/browser';
import type { PageGlobals } from './support/pageGlobals';
import { ensureBuilt } from './support/ensureBuilt';
import { startServe } from './support/serveProcess';
import type { ServeProcess } from './support/serveProcess';

const skip = browserMissing();

/** Tries to open the events socket; resolves to the HTTP status of a refusal, or 101 when it opened. */
function socketStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(0));
  });
}

describe.skipIf(skip)('browser mode security (serve + Chromium)', () => {
  let tmp = '';
  let server: ServeProcess;
  let browser: Browser;
  let page: Page;
  let foreign: Server;
  let foreignOrigin = '';

  beforeAll(async () => {
    await ensureBuilt();
    tmp = mkdtempSync(join(tmpdir(), 'deid-e2e-sec-'));
    server = await startServe(['--db', join(tmp, 'db.sqlite')]);
    browser = await launchChromium();
    page = await browser.newPage();
    // A page on another origin (another port) that knows the token, as a malicious local page might.
    foreign = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>elsewhere</title>');
    });
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', () => resolve()));
    const address = foreign.address();
    foreignOrigin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await new Promise<void>((resolve) => (foreign ? foreign.close(() => resolve()) : resolve()));
    if (tmp !== '') rmSync(tmp, { recursive: true, force: true });
  });

  it('serves the page with a CSP that allows no inline script, eval or wasm', async () => {
    const response = await page.goto(server.url);
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("img-src 'self' blob: data:");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|wasm-unsafe-eval/);
    await page.getByTestId('home').waitFor();
  });

  it('blocks an injected inline script, an inline handler and eval, and reports the violations', async () => {
    await page.goto(server.url);
    await page.getByTestId('home').waitFor();
    const outcome = await page.evaluate(
      () =>
        new Promise<{ injected: boolean; handler: boolean; evalBlocked: boolean; violations: { directive: string; blocked: string }[] }>((resolve) => {
          const g = globalThis as unknown as PageGlobals;
          const violations: { directive: string; blocked: string }[] = [];
          g.document.addEventListener('securitypolicyviolation', (e) => violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI }));
          const script = g.document.createElement('script');
          script.textContent = 'window.__injected = true';
          g.document.body.appendChild(script);
          const img = g.document.createElement('img');
          img.setAttribute('onerror', 'window.__handler = true');
          img.src = 'data:image/png;base64,AAAA';
          g.document.body.appendChild(img);
          // A string timer is eval: it runs later in the page's own context, where the CSP applies
          // (code evaluated by the DevTools protocol itself is exempt, so eval() here would prove nothing).
          g.setTimeout('window.__evaluated = true', 0);
          setTimeout(() => resolve({ injected: g.__injected === true, handler: g.__handler === true, evalBlocked: g.__evaluated !== true, violations }), 300);
        }),
    );
    expect(outcome.injected).toBe(false);
    expect(outcome.handler).toBe(false);
    expect(outcome.evalBlocked).toBe(true);
    const directives = outcome.violations.map((v) => v.directive);
    expect(directives).toContain('script-src-elem');
    expect(directives).toContain('script-src-attr');
    expect(outcome.violations.filter((v) => v.blocked === 'inline').length).toBeGreaterThanOrEqual(2);
    expect(outcome.violations.map((v) => v.blocked)).toContain('eval');
    await expect(page.addScriptTag({ content: 'window.__injected = true' })).rejects.toThrow();
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).__injected === true)).toBe(false);
  });

  it('refuses API calls without the token, with a wrong token, for a foreign Host or from a foreign Origin', async () => {
    const api = `${server.origin}/api/appInfo`;
    const json = { 'content-type': 'application/json' };
    const good = await rawRequest(api, 'POST', { ...json, 'x-deid-token': server.token, origin: server.origin }, '{}');
    expect(good.status).toBe(200);
    expect(JSON.parse(good.body).ok).toBe(true);

    const none = await rawRequest(api, 'POST', json, '{}');
    const wrong = await rawRequest(api, 'POST', { ...json, 'x-deid-token': `${server.token.slice(0, -2)}xx` }, '{}');
    const evilOrigin = await rawRequest(api, 'POST', { ...json, 'x-deid-token': server.token, origin: 'http://evil.example' }, '{}');
    const rebound = await rawRequest(api, 'POST', { ...json, 'x-deid-token': server.token, host: `evil.example:${server.port}` }, '{}');
    const crossSite = await rawRequest(api, 'POST', { ...json, 'x-deid-token': server.token, 'sec-fetch-site': 'cross-site' }, '{}');
    expect([none.status, wrong.status, evilOrigin.status, rebound.status, crossSite.status]).toEqual([401, 401, 403, 403, 403]);
    for (const refused of [none, wrong, evilOrigin, rebound, crossSite]) {
      expect(JSON.parse(refused.body)).toMatchObject({ ok: false });
      expect(refused.body).not.toContain('dbPath');
    }

    const pageWithout = await rawRequest(`${server.origin}/`, 'GET', {});
    expect(pageWithout.status).toBe(401);
    expect(await socketStatus(`${server.origin.replace('http', 'ws')}/ws`)).toBe(401);
    expect(await socketStatus(`${server.origin.replace('http', 'ws')}/ws?token=${server.token}`, { origin: 'http://evil.example' })).toBe(403);
    expect(await socketStatus(`${server.origin.replace('http', 'ws')}/ws?token=${server.token}`, { origin: server.origin })).toBe(101);
  });

  it('refuses the page itself calling the API without the token header (the cookie only serves files)', async () => {
    await page.goto(server.url);
    await page.getByTestId('home').waitFor();
    const status = await page.evaluate(async () => (await fetch('/api/appInfo', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status);
    expect(status).toBe(401);
  });

  it('says how to connect when the page address lacks the token (the cookie only serves the files)', async () => {
    await page.goto(server.url);
    await page.getByTestId('home').waitFor();
    const apiCalls: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/')) apiCalls.push(r.url());
    });
    const response = await page.goto(`${server.origin}/`);
    expect(response?.status()).toBe(200);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('needs its access token');
    expect(apiCalls).toEqual([]);
  });

  it('keeps a page on another origin from calling the API, even with the token', async () => {
    await page.goto(foreignOrigin);
    const outcome = await page.evaluate(
      async ([target, token]) => {
        try {
          const res = await fetch(`${target}/api/appInfo`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-deid-token': token }, body: '{}' });
          return `status ${res.status}`;
        } catch (e) {
          return `blocked: ${(e as Error).message}`;
        }
      },
      [server.origin, server.token] as const,
    );
    expect(outcome).toMatch(/^blocked/);
  });
});
