import { resolve } from 'node:path';
import { defaultDbPath } from '../db/dbPath';
import type { ServeArgs } from '../serve/serveApp';
import { existingFolder, parseCommandArgs, positionals, UsageError } from './args';
import type { Command } from './command';
import { DB_OPTION } from './database';

const USAGE = `deid-studio serve [--root <folder>]... [--open <folder>] [--db F] [--project NAME] [--port N]

The review UI in a browser: served on 127.0.0.1 with a random token in the printed URL.

Options:
  --root <folder>    a folder the UI may browse (repeat for more); outputs must be under one too
  --open <folder>    open this study folder at start
${DB_OPTION}
  --project NAME     the project to start with
  --port N           port (default: a random free one)`;

/** Parses `serve` arguments; folders must exist. Throws {@link UsageError}. */
export function parseServeArgs(args: readonly string[]): ServeArgs {
  const { values, positionals: rest } = parseCommandArgs(args, {
    root: { type: 'string', multiple: true },
    open: { type: 'string' },
    db: { type: 'string' },
    project: { type: 'string' },
    port: { type: 'string' },
  });
  positionals(rest, 0, '');
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${values.port} is not a port number`);
  return {
    roots: (values.root ?? []).map((r) => existingFolder(r, '--root')),
    open: values.open === undefined ? undefined : existingFolder(values.open, '--open'),
    db: resolve(values.db ?? defaultDbPath()),
    project: values.project,
    port,
  };
}

/** `serve`: the app in a browser (see src/main/serve). */
export const serveCommand: Command = {
  name: 'serve',
  usage: USAGE,
  async run(args) {
    const parsed = parseServeArgs(args);
    // Loaded on demand: the server, zod contract and WebSocket code cost every other command ~80 ms.
    const { serveApp } = await import('../serve/serveApp');
    // The server's jobs (OCR included) run on job threads, as the app's do.
    return serveApp(parsed);
  },
};
