import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

/** The bundled CLI (built by the test global setup). */
const CLI = resolve('dist/main/cli.js');

/** Result of one CLI run. */
export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `deid-studio <args>` with Node, no TTY, and returns its exit code and output. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
