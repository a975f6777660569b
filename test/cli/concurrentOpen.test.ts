import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = resolve('dist/main/cli.js');
const work = mkdtempSync(join(tmpdir(), 'deid-open-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
    });
    child.on('exit', (status) => done({ status, stderr }));
  });
}

describe('a brand-new database opened by several runs at once', () => {
  it('never fails: the switch to WAL and the migrations are serialised', async () => {
    for (let round = 0; round < 3; round++) {
      const db = join(work, `round-${round}`, 'deid.sqlite');
      const results = await Promise.all(Array.from({ length: 4 }, (_, i) => run(['project', 'set', `p${i}`, '--db', db])));
      for (const r of results) expect(r.status, r.stderr).toBe(0);
      // Each project's key reached the one key file: its writes are serialised with the database's.
      const keys = JSON.parse(readFileSync(`${db}.key`, 'utf8')) as { projects: Record<string, string> };
      expect(Object.keys(keys.projects).sort()).toEqual(['p0', 'p1', 'p2', 'p3']);
    }
  }, 120_000);
});
