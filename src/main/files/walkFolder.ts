import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, relative, isAbsolute } from 'node:path';

/** A regular file found under a scanned root. */
interface WalkedFile {
  path: string;
  size: number;
  mtimeMs: number;
}

/** A path the walk could not enter or read. */
export interface WalkProblem {
  path: string;
  reason: string;
  /** A FIFO, socket or device: not a file to read, and no failure either. */
  notRegular?: true;
}

/**
 * Lists every regular file under `root`, recursively, sorted by path. Symbolic links are followed
 * only when their target stays inside the root (no escapes) and each directory is entered once.
 */
export function walkFolder(root: string): { files: WalkedFile[]; problems: WalkProblem[] } {
  const realRoot = realpathSync(root);
  const files: WalkedFile[] = [];
  const problems: WalkProblem[] = [];
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();

  const visit = (dir: string): void => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch (e) {
      problems.push({ path: dir, reason: `cannot resolve: ${(e as Error).message}` });
      return;
    }
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (e) {
      problems.push({ path: dir, reason: `cannot list folder: ${(e as Error).message}` });
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      try {
        const link = lstatSync(path);
        let target = path;
        if (link.isSymbolicLink()) {
          target = realpathSync(path);
          if (!inside(realRoot, target)) {
            problems.push({ path, reason: 'symbolic link points outside the scanned folder; skipped' });
            continue;
          }
        }
        const st = link.isSymbolicLink() ? statSync(target) : link;
        if (st.isDirectory()) visit(path);
        else if (st.isFile()) {
          const key = link.isSymbolicLink() ? target : join(real, name);
          if (seenFiles.has(key)) continue;
          seenFiles.add(key);
          files.push({ path, size: st.size, mtimeMs: Math.trunc(st.mtimeMs) });
        } else {
          // Never opened (a FIFO would block the scan), but always named.
          const what = st.isFIFO() ? 'a FIFO' : st.isSocket() ? 'a socket' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : 'special';
          problems.push({ path, reason: `not a regular file (${what}${link.isSymbolicLink() ? ', through a link' : ''}); skipped`, notRegular: true });
        }
      } catch (e) {
        problems.push({ path, reason: `cannot read: ${(e as Error).message}` });
      }
    }
  };
  visit(root);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, problems };
}

function inside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
