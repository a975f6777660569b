#!/usr/bin/env node
// Entry point for `npx deid-studio`: runs the bundled CLI built by `npm run build` (run by `prepare` on install).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('deid-studio: dist/main/cli.js is missing; run `npm run build` first.\n');
  process.exit(1);
}
await import(cli);
