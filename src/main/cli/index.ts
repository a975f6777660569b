// CLI entry point (bundled to dist/main/cli.js; `npx deid-studio` runs it through bin/deid-studio.js).
import { main } from './main';

process.exitCode = await main(process.argv.slice(2));
