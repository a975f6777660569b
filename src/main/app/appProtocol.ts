import { RENDERER_CSP } from '../../shared/ipc/csp';
import { readStaticFile } from '../ipc/rendererFiles';

/** The custom scheme the renderer is loaded from, so IPC senders can be checked against it. */
export const APP_SCHEME = 'app';
/** The host of every app URL. */
const APP_HOST = 'deid-studio';
/** The page the window loads. */
export const APP_ENTRY = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** True when `url` is a page of the app itself (scheme and host), the only allowed IPC sender. */
export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * The `app://` handler: files of the built renderer only (no traversal, no other host), each
 * response with the strict CSP, nosniff and no caching.
 */
export function appProtocolHandler(rendererDir: string): (request: Request) => Response {
  return (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return new Response('bad url', { status: 400 });
    }
    if (url.host !== APP_HOST || request.method !== 'GET') return new Response('not found', { status: 404 });
    const file = readStaticFile(rendererDir, url.pathname);
    if (!file) return new Response('not found', { status: 404 });
    return new Response(new Uint8Array(file.body), {
      status: 200,
      headers: {
        'Content-Type': file.type,
        'Content-Security-Policy': RENDERER_CSP,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      },
    });
  };
}
