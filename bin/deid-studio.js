#!/usr/bin/env node
// Entry point for `npx deid-studio`: runs the bundled CLI built by `npm run build` (run by `prepare` on install).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`deid-studio needs Node.js >= 22.12 (this is ${process.version}); see the README.\n`);
  process.exit(1);
}
const cli = fileURLToPath(new URL('../dist/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('deid-studio: dist/main/cli.js is missing; run `npm run build` first.\n');
  process.exit(1);
}
await import(cli);
