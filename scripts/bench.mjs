// Bundles test/bench/main.ts (TypeScript, imports the fixture builders) and runs it.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';

await build({
  entryPoints: ['test/bench/main.ts'],
  outfile: '.tmp/bench.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
});
const r = spawnSync(process.execPath, ['.tmp/bench.mjs', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
