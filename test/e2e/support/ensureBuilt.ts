/**
 * Builds what the end-to-end tests run (the CLI with `serve`, and the renderer) when the built
 * files are missing or older than their sources. A lock file keeps two test files from building
 * at once, so a running server never sees half-written files.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

/** The folder of the nearest package.json above `dir`. */
function packageRoot(dir: string): string {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'package.json'))) return d;
    if (dirname(d) === d) throw new Error(`no package.json above ${dir}`);
  }
}

/** The repository root, found upwards so it holds in the sources and in the bench's bundle (.tmp/). */
export const REPO_ROOT = packageRoot(dirname(fileURLToPath(import.meta.url)));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function staleAgainst(output: string, sources: readonly string[]): boolean {
  if (!existsSync(output)) return true;
  const built = statSync(output).mtimeMs;
  return sources.some((s) => newestMtime(join(REPO_ROOT, s)) > built);
}

async function withLock<T>(fn: () => T): Promise<T> {
  const dir = join(REPO_ROOT, '.tmp');
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, 'e2e-build.lock');
  for (let waited = 0; ; waited += 100) {
    try {
      closeSync(openSync(lock, 'wx'));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // A lock older than two minutes belongs to a build that died.
      if (waited > 120_000 || Date.now() - statSync(lock).mtimeMs > 120_000) rmSync(lock, { force: true });
      await sleep(100);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

/** Rebuilds `dist/main` and `dist/renderer` if they are missing or older than `src/`. */
export async function ensureBuilt(): Promise<void> {
  await withLock(() => {
    const node = process.execPath;
    if (staleAgainst(join(REPO_ROOT, 'dist/main/cli.js'), ['src/main', 'src/shared'])) {
      execFileSync(node, ['scripts/build.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' });
    }
    if (staleAgainst(join(REPO_ROOT, 'dist/renderer/main.js'), ['src/renderer', 'src/shared'])) {
      execFileSync(node, ['scripts/build-renderer.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' });
    }
  });
}
