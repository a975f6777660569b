import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { isChannelName } from '../../shared/ipc/channelNames';
import { serveCsp } from '../../shared/ipc/csp';
import { API_PREFIX, BINARY_CHANNELS, BINARY_META_HEADER, type EventMessage, TOKEN_QUERY, WS_PATH } from '../../shared/ipc/wire';
import type { Services } from '../ipc/createServices';
import { dispatch } from '../ipc/dispatch';
import { checkRequest, TOKEN_COOKIE } from './requestGuard';
import { readStaticFile } from '../ipc/rendererFiles';

/** Options of {@link startServer}. */
interface ServerOptions {
  services: Services;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** A fixed token (tests); default 32 random bytes. */
  token?: string;
}

/** A running server. */
export interface RunningServer {
  port: number;
  token: string;
  /** The page URL with the token. */
  url: string;
  close(): Promise<void>;
}

const MAX_BODY = 1 << 20;
const HOST = '127.0.0.1';

function securityHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // The page URL holds the token: never send it onwards.
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Cache-Control', 'no-store');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function refuse(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { ok: false, error: { code, message } });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Serves the built renderer and the channels on 127.0.0.1: `POST /api/<channel>` (JSON, token in
 * a header), `GET /ws?token=` (events), static files (token in the page URL, then a SameSite
 * cookie). Requests without the token, for another Host, or from another Origin are refused.
 */
export async function startServer(o: ServerOptions): Promise<RunningServer> {
  const token = o.token ?? randomBytes(32).toString('base64url');
  let port = 0;
  const origin = (): string => `http://${HOST}:${port}`;

  const handleApi = async (req: IncomingMessage, res: ServerResponse, name: string): Promise<void> => {
    if (req.method !== 'POST') return refuse(res, 405, 'METHOD', 'channels are called with POST');
    if (!isChannelName(name)) return refuse(res, 404, 'NOT_FOUND', `no channel ${name}`);
    const type = req.headers['content-type'] ?? '';
    if (!type.toLowerCase().startsWith('application/json')) return refuse(res, 415, 'INVALID_REQUEST', 'send JSON');
    let payload: unknown;
    try {
      const text = await readBody(req);
      payload = text ? (JSON.parse(text) as unknown) : {};
    } catch (e) {
      return refuse(res, 400, 'INVALID_REQUEST', (e as Error).message);
    }
    const result = await dispatch(o.services.handlers, name, payload);
    const binaryField = (BINARY_CHANNELS as Partial<Record<string, string>>)[name];
    if (result.ok && binaryField) {
      const { [binaryField]: bytes, ...meta } = result.value as Record<string, unknown>;
      const body = Buffer.from(bytes as ArrayBuffer);
      res.writeHead(200, {
        'Content-Type': 'application/octet-stream',
        'Content-Length': body.length,
        [BINARY_META_HEADER]: encodeURIComponent(JSON.stringify(meta)),
      });
      res.end(body);
      return;
    }
    sendJson(res, result.ok ? 200 : result.error.code === 'INVALID_REQUEST' ? 400 : 200, result);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    securityHeaders(res);
    const url = new URL(req.url ?? '/', origin());
    const isApi = url.pathname.startsWith(API_PREFIX);
    const refusal = checkRequest({ token, port }, req.headers, url, { header: isApi, query: true, cookie: !isApi });
    if (refusal) return refuse(res, refusal.status, refusal.status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN', refusal.reason);
    if (isApi) return handleApi(req, res, url.pathname.slice(API_PREFIX.length));
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'METHOD', 'static files are read with GET');
    const file = readStaticFile(o.staticDir, url.pathname);
    if (!file) return refuse(res, 404, 'NOT_FOUND', 'no such file');
    const headers: Record<string, string | number> = { 'Content-Type': file.type, 'Content-Length': file.body.length };
    if (file.isHtml) {
      headers['Content-Security-Policy'] = serveCsp(origin());
      if (url.searchParams.get(TOKEN_QUERY)) headers['Set-Cookie'] = `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    }
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : file.body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) refuse(res, 500, 'INTERNAL', (e as Error).message);
      else res.destroy();
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  const clients = new Set<WebSocket>();
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', origin());
    const refusal = url.pathname === WS_PATH ? checkRequest({ token, port }, req.headers, url, { header: false, query: true, cookie: false }) : { status: 403 as const, reason: 'no such socket' };
    if (refusal) {
      socket.write(`HTTP/1.1 ${refusal.status} ${refusal.status === 401 ? 'Unauthorized' : 'Forbidden'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
      // The socket only carries events out; anything sent in is ignored.
      ws.on('message', () => {});
    });
  });
  const unsubscribe = o.services.subscribe((event, payload) => {
    const message: EventMessage = { event, payload };
    const text = JSON.stringify(message);
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, HOST, () => resolve());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    token,
    url: `${origin()}/?${TOKEN_QUERY}=${token}`,
    async close() {
      unsubscribe();
      for (const ws of clients) ws.terminate();
      wss.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
