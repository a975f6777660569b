// Bundles the Node entry points (CLI and worker) with esbuild into dist/main.
// npm packages stay external: they are loaded from node_modules at run time (native modules, WASM, traineddata).
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const entries = ['src/main/cli.ts', 'src/main/jobs/worker.ts'].filter((f) => existsSync(f));
await build({
  entryPoints: entries,
  outdir: 'dist/main',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
  entryNames: '[name]',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
