import { readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { isInside } from './browseRoots';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** A static file to send. */
interface StaticFile {
  body: Buffer;
  type: string;
  isHtml: boolean;
}

/**
 * The built renderer file for a URL path, or undefined. The path is decoded, must stay inside
 * `root` after resolving links, and extension-less paths fall back to `index.html` (client-side
 * routes). Only files with a known type are served.
 */
export function readStaticFile(root: string, urlPath: string): StaticFile | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.split(/[\\/]/).includes('..')) return undefined;
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return undefined;
  }
  const relative = decoded.replace(/^\/+/, '');
  const candidate = relative === '' || !extname(relative) ? 'index.html' : relative;
  let file: string;
  try {
    file = realpathSync(join(realRoot, candidate));
    if (!isInside(realRoot, file) || !statSync(file).isFile()) return undefined;
  } catch {
    return undefined;
  }
  const type = TYPES[extname(file).toLowerCase()];
  if (!type) return undefined;
  return { body: readFileSync(file), type, isHtml: type.startsWith('text/html') };
}
