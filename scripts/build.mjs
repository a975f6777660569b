// Bundles the Node entry points (CLI, worker, Electron main) and the sandboxed preload with esbuild
// into dist/, then the renderer through scripts/build-renderer.mjs when it exists.
// npm packages stay external in dist/main: they are loaded from node_modules at run time (native
// modules, WASM, traineddata). The preload is fully bundled: a sandboxed preload can only require 'electron'.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inlineTagsPlugin } from './inline-tags.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const at = (p) => join(root, p);

const mainEntries = {
  cli: 'src/main/cli/index.ts',
  worker: 'src/main/workers/worker.ts',
  // The app's and the server's jobs (src/main/ipc/jobThread.ts looks for it beside its chunk).
  'job-worker': 'src/main/ipc/jobThreadEntry.ts',
  app: 'src/main/app/index.ts',
  // PP-OCR's worker thread (src/main/ocr/ppocr/ppocrEngine.ts looks for it beside its chunk).
  'ppocr-worker': 'src/main/ocr/ppocr/ppocrWorker.ts',
};
await build({
  absWorkingDir: root,
  entryPoints: Object.fromEntries(Object.entries(mainEntries).filter(([, f]) => existsSync(at(f)))),
  outdir: at('dist/main'),
  bundle: true,
  // Shared code in chunks, so dynamic imports (the server) load only when used.
  splitting: true,
  // Chunks sit beside the entries: code resolves files relative to its own module (worker.js, ../renderer).
  chunkNames: '[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  // TAG.Keyword becomes its number: the dictionary's TAG object is not built at start-up.
  plugins: [inlineTagsPlugin(root)],
});

if (existsSync(at('src/preload/index.ts'))) {
  await build({
    absWorkingDir: root,
    entryPoints: [at('src/preload/index.ts')],
    outfile: at('dist/preload/preload.cjs'),
    bundle: true,
    // Sandboxed preloads run in a renderer with a small require: only 'electron' may stay external.
    platform: 'browser',
    format: 'cjs',
    target: 'chrome120',
    external: ['electron'],
    sourcemap: 'linked',
    logLevel: 'warning',
    plugins: [
      {
        name: 'preload-boundary',
        setup(b) {
          b.onResolve({ filter: /^node:|^(fs|path|os|crypto|child_process|zod)$/ }, (args) => ({
            errors: [{ text: `the sandboxed preload may not import "${args.path}" (imported by ${args.importer})` }],
          }));
        },
      },
    ],
  });
}

const rendererBuild = at('scripts/build-renderer.mjs');
if (existsSync(rendererBuild)) await import(pathToFileURL(rendererBuild).href);
