// `npm run score:pixels`: bundles test/bench/scorePixels.ts (TypeScript, imports the fixture
// families and the scorer) and runs it; the bundled CLI is built first by the npm script.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';

await build({
  entryPoints: ['test/bench/scorePixels.ts'],
  outfile: '.tmp/score-pixels.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
});
const r = spawnSync(process.execPath, ['.tmp/score-pixels.mjs', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
