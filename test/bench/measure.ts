import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** One timed run of a command: wall seconds and peak resident set (KiB), from GNU time. */
export interface Timing {
  seconds: number;
  maxRssKiB: number;
  /** The `timing:` line deid-studio prints with DEID_STUDIO_TIMING=1, when there is one. */
  phases?: string;
}

/**
 * Runs a command under `/usr/bin/time` and returns wall time and peak RSS. `before` runs first,
 * untimed (cleaning the previous run's output), then `sync`. `env` is added to this process's.
 */
export function timeCommand(cmd: string, args: readonly string[], before?: () => void, env?: Record<string, string>): Timing {
  before?.();
  // Start every tool with no dirty pages left by the previous one: writeback would be billed to it.
  spawnSync('sync');
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %M', cmd, ...args], { encoding: 'utf8', maxBuffer: 256 << 20, env: { ...process.env, ...env } });
  const m = /TIME ([\d.]+) (\d+)/.exec(r.stderr);
  if (!m || (r.status !== 0 && r.status !== 3)) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  }
  const phases = /^timing: (.*)$/m.exec(r.stderr)?.[1];
  return { seconds: Number(m[1]), maxRssKiB: Number(m[2]), ...(phases ? { phases } : {}) };
}

/**
 * GDCM's `gdcmanon` over `input` (median of 3), with a throw-away certificate in `work`; undefined
 * when gdcmanon or openssl is not installed.
 */
export function timeGdcmanon(input: string, work: string): Timing | undefined {
  if (!existsSync('/usr/bin/gdcmanon') || !existsSync('/usr/bin/openssl')) return undefined;
  const key = join(work, 'key.pem');
  const cert = join(work, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-keyout', key, '-out', cert, '-days', '1', '-nodes', '-subj', '/CN=deid-bench'], { stdio: 'ignore' });
  const out = join(work, 'gdcm');
  return median(3, () =>
    timeCommand('gdcmanon', ['-e', '-r', '--continue', '-c', cert, '-i', input, '-o', out], () => {
      clean(out);
      mkdirSync(out);
    }),
  );
}

/** Median of `runs` timings (by time), each preceded by `before`. */
export function median(runs: number, fn: () => Timing): Timing {
  const all = Array.from({ length: runs }, fn).sort((a, b) => a.seconds - b.seconds);
  return all[Math.floor(all.length / 2)];
}

/** Removes a folder if present. */
export function clean(path: string): void {
  rmSync(path, { recursive: true, force: true });
}
