/**
 * The CLI's one argument parser and its one usage error: every command declares its flags and
 * parses them here, so an unknown flag, a missing value or a stray positional is refused the
 * same way everywhere (exit 1 with the `--help` hint).
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { CodedError } from '../../shared/codedError';

/** A usage mistake: the CLI prints it with the `--help` hint and exits 1. */
export class UsageError extends CodedError<'USAGE'> {
  constructor(message: string) {
    super('USAGE', message);
    this.name = 'UsageError';
  }
}

/** The flags every command accepts besides its own. */
const HELP = { help: { type: 'boolean', short: 'h' } } as const satisfies ParseArgsOptionsConfig;

/** Parses `args` against `flags` (plus `-h/--help`), refusing anything else with a {@link UsageError}. */
export function parseCommandArgs<const O extends ParseArgsOptionsConfig>(args: readonly string[], flags: O) {
  try {
    return parseArgs({ args: [...args], options: { ...flags, ...HELP }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** True when `args` ask for the command's help. */
export function wantsHelp(args: readonly string[]): boolean {
  return args.includes('--help') || args.includes('-h');
}

/** Exactly `count` positionals (`what` names them in the message), or a usage error. */
export function positionals(list: readonly string[], count: number, what: string): string[] {
  if (list.length !== count) throw new UsageError(count === 0 ? `unexpected argument "${list[0]}"` : `expected ${what}`);
  return [...list];
}

/** The one folder a command reads, resolved; a usage error when absent, an error when it is no folder. */
export function folderArgument(list: readonly string[], what: string): string {
  const [path] = positionals(list, 1, `one ${what}`);
  const folder = resolve(path);
  let isDir = false;
  try {
    isDir = statSync(folder).isDirectory();
  } catch (e) {
    throw new Error(`cannot read ${folder}: ${(e as Error).message}`);
  }
  if (!isDir) throw new Error(`${folder} is not a folder`);
  return folder;
}

/** An existing folder given with a flag (`--root`, `--open`), resolved. */
export function existingFolder(path: string, flag: string): string {
  const abs = resolve(path);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) throw new UsageError(`${flag} ${abs} is not a folder`);
  return abs;
}

/** A required flag's value, or a usage error naming it. */
export function required<T>(value: T | undefined, flag: string): T {
  if (value === undefined) throw new UsageError(`${flag} is required`);
  return value;
}
