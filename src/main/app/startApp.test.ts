import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, ipcChannel, ipcEventChannel } from '../../shared/ipc/channelNames';
import { RENDERER_CSP } from '../../shared/ipc/csp';
import type { ContentsLike, ElectronApi, IpcEventLike, PreventableEvent, SessionLike, WindowLike, WindowOptions } from './electronApi';
import { type StartedApp, startApp } from './startApp';
import { inlineJobStages } from '../ipc/inlineJobStages';

type Listener = (...args: never[]) => unknown;

/** A fake web contents that records its listeners and what it was sent. */
class FakeContents implements ContentsLike {
  readonly listeners = new Map<string, Listener>();
  openHandler: ((d: { url: string }) => { action: 'deny' } | { action: 'allow' }) | undefined;
  readonly sent: [string, unknown][] = [];
  on(event: string, listener: Listener): this {
    this.listeners.set(event, listener);
    return this;
  }
  setWindowOpenHandler(handler: (d: { url: string }) => { action: 'deny' } | { action: 'allow' }): void {
    this.openHandler = handler;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  isDestroyed(): boolean {
    return false;
  }
}

interface Fakes {
  api: ElectronApi;
  windows: { options: WindowOptions; window: WindowLike & { loaded: string[]; contents: FakeContents } }[];
  ipc: Map<string, (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>>;
  schemes: unknown[];
  protocolHandlers: Map<string, (r: Request) => Response | Promise<Response>>;
  appListeners: Map<string, (...args: never[]) => unknown>;
  permissionRequest?: Parameters<SessionLike['setPermissionRequestHandler']>[0];
  permissionCheck?: Parameters<SessionLike['setPermissionCheckHandler']>[0];
  beforeRequest?: Parameters<SessionLike['webRequest']['onBeforeRequest']>[0];
  dialogs: string[];
}

function fakes(): Fakes {
  const f: Fakes = { windows: [], ipc: new Map(), schemes: [], protocolHandlers: new Map(), appListeners: new Map(), dialogs: [] } as unknown as Fakes;
  const session: SessionLike = {
    setPermissionRequestHandler: (h) => { f.permissionRequest = h; },
    setPermissionCheckHandler: (h) => { f.permissionCheck = h; },
    webRequest: { onBeforeRequest: (l) => { f.beforeRequest = l; } },
  };
  class FakeWindow {
    readonly webContents = new FakeContents();
    readonly contents = this.webContents;
    readonly loaded: string[] = [];
    constructor(options: WindowOptions) {
      f.windows.push({ options, window: this });
    }
    async loadURL(url: string): Promise<void> {
      this.loaded.push(url);
    }
    once(): this {
      return this;
    }
    show(): void {}
    isDestroyed(): boolean {
      return false;
    }
  }
  f.api = {
    app: {
      whenReady: async () => undefined,
      on: (event: string, listener: (...args: never[]) => unknown) => f.appListeners.set(event, listener),
      quit: () => {},
      getVersion: () => '9.9.9',
      isPackaged: true,
    } as ElectronApi['app'],
    BrowserWindow: FakeWindow,
    ipcMain: { handle: (channel, listener) => { f.ipc.set(channel, listener); } },
    protocol: {
      registerSchemesAsPrivileged: (s) => { f.schemes.push(...s); },
      handle: (scheme, handler) => { f.protocolHandlers.set(scheme, handler); },
    },
    session: { defaultSession: session },
    dialog: {
      showOpenDialog: async (_w, o) => {
        f.dialogs.push(o.title);
        return { canceled: true, filePaths: [] };
      },
      showSaveDialog: async (_w, o) => {
        f.dialogs.push(o.title);
        return { canceled: true };
      },
    },
    shell: { openPath: async () => '' },
  };
  return f;
}

let dir: string;
let f: Fakes;
let started: StartedApp;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'deid-app-'));
  const renderer = join(dir, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>deid-studio</title>');
  writeFileSync(join(dir, 'secret.txt'), 'SECRET');
  f = fakes();
  started = await startApp(f.api, { rendererDir: renderer, preloadPath: join(dir, 'preload.cjs'), dbPath: join(dir, 'db', 'deid.sqlite'), stages: inlineJobStages });
});
afterEach(async () => {
  await started.services.close();
  rmSync(dir, { recursive: true, force: true });
});

const appFrame: IpcEventLike = { senderFrame: { url: 'app://deid-studio/index.html' } };

describe('startApp', () => {
  it('creates one isolated, sandboxed window without Node and loads the app scheme', () => {
    expect(f.windows).toHaveLength(1);
    const { options, window } = f.windows[0];
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
      preload: join(dir, 'preload.cjs'),
    });
    expect(window.loaded).toEqual(['app://deid-studio/index.html']);
    expect(f.schemes).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
  });

  it('serves the renderer over app:// with the strict CSP, and nothing outside it', async () => {
    const handler = f.protocolHandlers.get('app');
    if (!handler) throw new Error('no app:// handler');
    const page = await handler(new Request('app://deid-studio/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect(RENDERER_CSP).toContain("script-src 'self'");
    expect(RENDERER_CSP).not.toMatch(/unsafe-inline|unsafe-eval|wasm-unsafe-eval/);
    expect(await page.text()).toContain('<title>deid-studio</title>');
    for (const url of ['app://deid-studio/../secret.txt', 'app://deid-studio/%2e%2e/secret.txt', 'app://deid-studio/..%2fsecret.txt', 'app://other-host/index.html']) {
      const r = await handler(new Request(url));
      expect(r.status, url).toBe(404);
    }
  });

  it('denies navigation, redirects, new windows, webviews and every permission; blocks remote requests', () => {
    const hook = f.appListeners.get('web-contents-created') as (e: unknown, c: ContentsLike) => void;
    const contents = new FakeContents();
    hook({}, contents);
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      let prevented = false;
      const e: PreventableEvent = { preventDefault: () => { prevented = true; } };
      (contents.listeners.get(event) as (e: PreventableEvent, url: string) => void)(e, 'https://example.com/');
      expect(prevented, event).toBe(true);
    }
    expect(contents.openHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    let granted: boolean | undefined;
    f.permissionRequest?.({}, 'media', (g) => { granted = g; });
    expect(granted).toBe(false);
    expect(f.permissionCheck?.({}, 'clipboard-read')).toBe(false);
    const cancelled = (url: string): boolean | undefined => {
      let out: boolean | undefined;
      f.beforeRequest?.({ url }, (r) => { out = r.cancel; });
      return out;
    };
    expect(cancelled('https://cdn.example.com/lib.js')).toBe(true);
    expect(cancelled('http://127.0.0.1:8080/')).toBe(true);
    expect(cancelled('file:///etc/passwd')).toBe(true);
    expect(cancelled('app://deid-studio/index.html')).toBe(false);
    expect(cancelled('blob:app://deid-studio/1234')).toBe(false);
  });

  it('registers one handler per channel, refuses foreign senders and invalid payloads with {ok:false}', async () => {
    expect([...f.ipc.keys()].sort()).toEqual(CHANNEL_NAMES.map(ipcChannel).sort());
    const info = f.ipc.get(ipcChannel('appInfo'));
    if (!info) throw new Error('no appInfo handler');
    expect(await info(appFrame, {})).toMatchObject({ ok: true, value: { mode: 'electron', version: '9.9.9' } });
    for (const frame of [{ url: 'https://evil.example/' }, { url: 'file:///tmp/x.html' }, { url: 'app://other/index.html' }, null]) {
      expect(await info({ senderFrame: frame }, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    }
    const tree = f.ipc.get(ipcChannel('studiesTree'));
    expect(await tree?.(appFrame, { folderId: '/etc' })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(await tree?.(appFrame, 'not an object')).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    const open = f.ipc.get(ipcChannel('studiesOpen'));
    expect(await open?.(appFrame, { source: { via: 'dialog' } })).toEqual({ ok: true, value: { cancelled: true } });
    expect(f.dialogs).toEqual(['Open a study folder']);
  });

  it('forwards service events to the window on the event channels', async () => {
    started.services.jobs.start({ kind: 'scan', folder: dir, project: 'default', thenRead: false }, async () => ({}));
    await new Promise((r) => setTimeout(r, 20));
    const sent = f.windows[0].window.contents.sent.map(([c]) => c);
    expect(sent).toContain(ipcEventChannel('jobFinished'));
  });
});
