/**
 * The Content Security Policy of the renderer, one string for the Electron `app://` responses
 * and the `serve` HTML. No inline scripts, no eval, no wasm (codecs run main-side), no remote
 * content: everything comes from the app's own origin.
 */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The policy for browser mode, where events come over a WebSocket on the same host and port. */
export function serveCsp(origin: string): string {
  const ws = origin.replace(/^http/, 'ws');
  return RENDERER_CSP.replace("connect-src 'self'", `connect-src 'self' ${ws}`);
}
