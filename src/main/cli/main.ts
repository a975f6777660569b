/**
 * The CLI: one command per file, one argument parser, one usage error. Every usage mistake exits
 * 1 with the `--help` hint; `deid-studio <command> --help` prints the command's own usage.
 */
import { RunSetupError } from '../pipeline/run/runPlan';
import { allowlistCommand } from './allowlist';
import { UsageError, wantsHelp } from './args';
import type { Command } from './command';
import { DB_OPTION } from './database';
import { deidentifyCommand } from './deidentify';
import { denylistCommand } from './denylist';
import { exportMappingCommand, exportMetadataCommand, importMappingCommand } from './mappingCommands';
import { exportPngCommand, exportTextCommand, verifyCommand } from './pixelCommands';
import { projectCommand } from './project';
import { purgeCommand } from './purge';
import { scanCommand } from './scan';
import { serveCommand } from './serve';

/** Every command, in the order of the product's flow. */
const COMMANDS: readonly Command[] = [
  scanCommand,
  deidentifyCommand,
  verifyCommand,
  exportMappingCommand,
  importMappingCommand,
  exportMetadataCommand,
  exportTextCommand,
  exportPngCommand,
  projectCommand,
  purgeCommand,
  allowlistCommand,
  denylistCommand,
  serveCommand,
];

const firstLines = (c: Command): string => {
  const end = c.usage.indexOf('\n\n');
  return (end < 0 ? c.usage : c.usage.slice(0, end)).split('\n').map((l) => `  ${l}`).join('\n');
};

const USAGE = `deid-studio: de-identify DICOM studies (headers per PS3.15 Annex E, fail-closed on pixels)

Usage:
${COMMANDS.map(firstLines).join('\n')}

Common options:
${DB_OPTION}
  -h, --help         this help; deid-studio <command> --help for a command's options

Exit codes: 0 all DICOM written; 1 could not run; 2 some files failed; 3 some files withheld;
130 interrupted (run it again to resume).
`;

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    process.stdout.write(USAGE);
    return name ? 0 : 1;
  }
  const command = COMMANDS.find((c) => c.name === name);
  try {
    if (!command) throw new UsageError(`unknown command "${name}"`);
    if (wantsHelp(rest)) {
      process.stdout.write(`${command.usage}\n`);
      return 0;
    }
    return await command.run(rest);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`deid-studio ${name}: ${message}\n`);
    if (e instanceof UsageError || e instanceof RunSetupError) {
      process.stderr.write(`Run deid-studio ${command ? `${command.name} ` : ''}--help for usage.\n`);
    }
    return 1;
  }
}
