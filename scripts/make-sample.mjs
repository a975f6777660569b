// Regenerates the synthetic sample study in assets/sample-study/ (or in the folder given as argument).
// The generator is TypeScript with extension-less imports, which Node's type stripping cannot resolve, so it
// is bundled on the fly with esbuild into .tmp/ (inside the repo, so its npm imports resolve) and run from there.
import { build } from 'esbuild';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const target = resolve(process.argv[2] ?? join(root, 'assets', 'sample-study'));
const bundleDir = join(root, '.tmp');
const bundle = join(bundleDir, `make-sample-${process.pid}.mjs`);

mkdirSync(bundleDir, { recursive: true });
await build({
  entryPoints: [join(root, 'test', 'fixtures', 'sampleStudy.ts')],
  outfile: bundle,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  logLevel: 'warning',
});
try {
  const { SAMPLE_FOLDER, writeSampleStudy } = await import(pathToFileURL(bundle).href);
  // Only the generated folder is replaced; anything else in the target is left alone.
  rmSync(join(target, SAMPLE_FOLDER), { recursive: true, force: true });
  const files = writeSampleStudy(target);
  console.log(`Wrote ${files.length} files to ${join(target, SAMPLE_FOLDER)}`);
} finally {
  rmSync(bundle, { force: true });
}
