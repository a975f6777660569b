import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';

/**
 * The real path of `path`: symbolic links resolved for the part that exists, the rest (a file or
 * folder still to be created) appended as written. Guards compare real paths, never the strings
 * a user typed: through a link an output "beside" the input can be inside it.
 */
function realPathOf(path: string): string {
  const absolute = resolve(path);
  const missing: string[] = [];
  let at = absolute;
  while (!existsSync(at)) {
    const parent = dirname(at);
    if (parent === at) break;
    missing.unshift(basename(at));
    at = parent;
  }
  let real = at;
  try {
    real = realpathSync.native(at);
  } catch {
    // Unreadable: compare as written.
  }
  return missing.length ? join(real, ...missing) : real;
}

/** Windows and macOS file systems are case-insensitive by default: `C:\Out` and `c:\out` are one folder. */
function foldCase(path: string, platform: NodeJS.Platform): string {
  return platform === 'win32' || platform === 'darwin' ? path.toLowerCase() : path;
}

/**
 * True when `child` is `parent` or lies inside it, comparing real paths (symbolic links resolved),
 * case-insensitively on Windows and macOS.
 */
export function isInsidePath(parent: string, child: string, platform: NodeJS.Platform = process.platform): boolean {
  const p = foldCase(realPathOf(parent), platform);
  const c = foldCase(realPathOf(child), platform);
  const rel = relative(p, c);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
