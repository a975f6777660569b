import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { TOKEN_HEADER, TOKEN_QUERY } from '../../shared/ipc/wire';

/** The cookie the page sets so its own static assets (script, styles) carry the token. */
export const TOKEN_COOKIE = 'deid_token';

/** Why a request is refused: 401 no or wrong token, 403 wrong host or origin. */
interface Refusal {
  status: 401 | 403;
  reason: string;
}

/** What the guard needs to know about the server. */
interface GuardConfig {
  token: string;
  port: number;
}

/** Where a request may carry the token. */
type TokenPlaces = { header: boolean; query: boolean; cookie: boolean };

function sameToken(expected: string, given: string | undefined | null): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

/** The origins of this server (both spellings of the loopback host). */
function allowedOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

/**
 * Checks one request: the Host header names this server (so a DNS-rebinding page cannot reach
 * it under another name), any Origin is this server's own, the browser does not flag it as
 * cross-site, and the token matches in one of the allowed places. Returns the refusal, or
 * undefined when the request may proceed.
 */
export function checkRequest(cfg: GuardConfig, headers: IncomingHttpHeaders, url: URL, places: TokenPlaces): Refusal | undefined {
  const hosts = [`127.0.0.1:${cfg.port}`, `localhost:${cfg.port}`];
  if (!headers.host || !hosts.includes(headers.host.toLowerCase())) return { status: 403, reason: 'wrong host' };
  const origin = headers.origin;
  if (origin !== undefined && !allowedOrigins(cfg.port).includes(origin.toLowerCase())) return { status: 403, reason: 'foreign origin' };
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return { status: 403, reason: 'cross-site request' };
  const header = headers[TOKEN_HEADER];
  const fromHeader = places.header && typeof header === 'string' ? header : undefined;
  const fromQuery = places.query ? url.searchParams.get(TOKEN_QUERY) : undefined;
  const fromCookie = places.cookie ? cookieValue(headers.cookie, TOKEN_COOKIE) : undefined;
  if (sameToken(cfg.token, fromHeader) || sameToken(cfg.token, fromQuery) || sameToken(cfg.token, fromCookie)) return undefined;
  return { status: 401, reason: 'missing or wrong token' };
}
