import { execFileSync } from 'node:child_process';

/** Builds dist/ once before the suite: CLI and end-to-end tests run the bundled entry points. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
