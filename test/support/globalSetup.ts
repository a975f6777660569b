import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Builds dist/ once before the suite (CLI and end-to-end tests run the bundled entry points) and gives the suite a database of its own. */
export default function setup(): () => void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  // No test may touch the user's own database (~/.config/deid-studio): a command run without --db
  // gets one of its own for this test run.
  const dir = mkdtempSync(join(tmpdir(), 'deid-tests-db-'));
  process.env.DEID_STUDIO_DB = join(dir, 'default.sqlite');
  return () => rmSync(dir, { recursive: true, force: true });
}
