import { APP_SCHEME } from './appProtocol';
import type { ContentsLike, SessionLike } from './electronApi';

/** Schemes a renderer may load anything from: the app itself, and in-memory images. */
const ALLOWED_SCHEMES = new Set([`${APP_SCHEME}:`, 'blob:', 'data:', 'devtools:']);

/**
 * Locks down any web contents: no navigation away (or anywhere: the app is a single page), no
 * redirects, no new windows, no webviews.
 */
export function hardenContents(contents: ContentsLike): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** True when a renderer request may proceed: no remote content of any kind. */
function isAllowedRequest(url: string): boolean {
  try {
    return ALLOWED_SCHEMES.has(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** Denies every permission request and check, and cancels requests to anything but the app. */
export function hardenSession(session: SessionLike): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequest(details.url) }));
}
