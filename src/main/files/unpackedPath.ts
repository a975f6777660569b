import { existsSync } from 'node:fs';

/**
 * The `app.asar.unpacked` twin of a path inside `app.asar`, when it exists: files that worker
 * threads, WASM loaders or native code read by path are unpacked by electron-builder.yml.
 */
export function unpackedPath(path: string): string {
  const twin = path.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
  return twin !== path && existsSync(twin) ? twin : path;
}
