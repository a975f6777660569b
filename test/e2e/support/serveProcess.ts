/**
 * Starts `deid-studio serve` (the built CLI) as a child process and reads the URL with the token
 * from its first line of output. Only the process started here is ever stopped.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './ensureBuilt';

/** A running server. */
export interface ServeProcess {
  url: string;
  origin: string;
  port: number;
  token: string;
  /** Everything the server wrote to stderr so far (for failure messages). */
  stderr: () => string;
  stop: () => Promise<void>;
}

/** Runs `node dist/main/cli.js serve <args>` and waits for its URL (at most `timeoutMs`). */
export function startServe(args: readonly string[], timeoutMs = 30_000): Promise<ServeProcess> {
  const child: ChildProcess = spawn(process.execPath, [join(REPO_ROOT, 'dist/main/cli.js'), 'serve', ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (c: Buffer) => {
    err += c.toString('utf8');
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`serve printed no URL within ${timeoutMs} ms; stderr:\n${err}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before printing its URL; stderr:\n${err}`));
    });
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const match = /(http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]+))/.exec(out);
      if (match === null) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ url: match[1], origin: `http://127.0.0.1:${match[2]}`, port: Number(match[2]), token: match[3], stderr: () => err, stop });
    });
  });
}
