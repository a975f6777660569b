import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseServeArgs } from '../cli/serve';
import { serveApp } from './serveApp';
import { inlineJobStages } from '../ipc/inlineJobStages';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'deid-serve-cmd-'));
  mkdirSync(join(dir, 'a'));
  mkdirSync(join(dir, 'b'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('serveApp', () => {
  it('prints a 127.0.0.1 URL with a token, answers with it, and stops when asked', async () => {
    let stop: () => void = () => {};
    const until = new Promise<void>((resolve) => {
      stop = resolve;
    });
    let url = '';
    let finished: Promise<number> = Promise.resolve(-1);
    const printed = new Promise<void>((resolve) => {
      finished = serveApp(parseServeArgs(['--root', join(dir, 'a'), '--db', join(dir, 'db.sqlite'), '--project', 'serve-test']), {
        jobs: { stages: inlineJobStages },
        until,
        print: (line) => {
          url = line;
          resolve();
        },
      });
    });
    await printed;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{40,}$/);
    const u = new URL(url);
    const res = await fetch(`${u.origin}/api/appInfo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-deid-token': u.searchParams.get('token') ?? '' },
      body: '{}',
    });
    expect(await res.json()).toMatchObject({ ok: true, value: { mode: 'browser', project: { name: 'serve-test' }, browseAvailable: true } });
    stop();
    expect(await finished).toBe(0);
  });
});
