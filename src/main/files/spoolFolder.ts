import { lstatSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The folder a run keeps its temporary and spool files in: `<out>.partial`, a sibling of the
 * output tree (so on the same filesystem, and a rename publishes a file), never inside it: a run
 * killed at any point leaves nothing half-written in the tree.
 */
export function spoolFolderOf(output: string): string {
  return `${output}.partial`;
}

/** Empties the spool folder (what a killed run left) and makes it afresh, private; returns how many entries it removed. */
export function sweepSpool(spool: string): number {
  let removed = 0;
  try {
    removed = readdirSync(spool).length;
  } catch {
    // Absent: nothing to sweep.
  }
  rmSync(spool, { recursive: true, force: true });
  mkdirSync(spool, { recursive: true, mode: 0o700 });
  return removed;
}

/** Removes the spool folder at the end of a run. */
export function removeSpool(spool: string): void {
  rmSync(spool, { recursive: true, force: true });
}

/** What older versions (and the cross-volume fallback) left beside outputs: `<name>.<12 hex>.tmp`. */
const PARTIAL_NAME = /\.[0-9a-f]{12}\.tmp$/;

/**
 * Removes partial files a killed run left inside an output tree (`<file>.<hex>.tmp`, written by
 * versions that kept temp files beside their targets, or by the cross-volume fallback); returns
 * their paths. Symbolic links are not followed.
 */
export function sweepPartialFiles(tree: string): string[] {
  const removed: string[] = [];
  const visit = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      const st = lstatSync(path, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory()) visit(path);
      else if (st.isFile() && PARTIAL_NAME.test(name)) {
        rmSync(path, { force: true });
        removed.push(path);
      }
    }
  };
  visit(tree);
  return removed;
}
