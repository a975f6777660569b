// Bundles the renderer (React + cornerstone-core) with esbuild into dist/renderer: index.html, main.js, app.css.
// Everything is local (no CDN) and nothing inline, so the page runs under
// `default-src 'self'; img-src 'self' blob: data:` without 'unsafe-inline', 'unsafe-eval' or 'wasm-unsafe-eval'.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'dist/renderer');
// Built beside the target and swapped in, so a running `serve` never reads a half-written folder.
const outdir = `${target}.build-${process.pid}`;
const production = !process.argv.includes('--dev');

// The renderer must never pull in Node built-ins or Electron: fail the build if anything tries.
const rendererBoundary = {
  name: 'renderer-boundary',
  setup(b) {
    b.onResolve({ filter: /^(node:|electron$|fs$|path$|crypto$|child_process$)/ }, (args) => ({
      errors: [{ text: `the renderer may not import "${args.path}" (imported by ${args.importer})` }],
    }));
  },
};

async function bundle() {
  await build({
    absWorkingDir: root,
    entryPoints: { main: 'src/renderer/main.tsx', app: 'src/renderer/styles/app.css' },
    outdir,
    bundle: true,
    platform: 'browser',
    // An IIFE loads from any scheme (app:// in Electron, http:// in browser mode) without module-script CORS rules.
    format: 'iife',
    target: ['chrome120'],
    jsx: 'automatic',
    minify: production,
    sourcemap: 'linked',
    legalComments: 'linked',
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
    plugins: [rendererBoundary],
  });
  const html = readFileSync(join(root, 'src/renderer/index.html'), 'utf8');
  if (/<script(?![^>]*\bsrc=)[^>]*>/i.test(html) || /\sstyle=/i.test(html)) {
    throw new Error('src/renderer/index.html must not hold inline scripts or styles (the CSP forbids them)');
  }
  writeFileSync(join(outdir, 'index.html'), html);
  copyFileSync(join(root, 'src/renderer/favicon.svg'), join(outdir, 'favicon.svg'));
}

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
try {
  await bundle();
} catch (e) {
  rmSync(outdir, { recursive: true, force: true });
  throw e;
}
const old = `${target}.old-${process.pid}`;
if (existsSync(target)) renameSync(target, old);
renameSync(outdir, target);
rmSync(old, { recursive: true, force: true });
