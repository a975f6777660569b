import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from './args';
import { parseServeArgs } from './serve';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'deid-serve-args-'));
  mkdirSync(join(dir, 'a'));
  mkdirSync(join(dir, 'b'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('serve arguments', () => {
  it('parses repeated roots, --open, --db, --project and --port', () => {
    const a = parseServeArgs(['--root', join(dir, 'a'), '--root', join(dir, 'b'), '--open', join(dir, 'a'), '--db', join(dir, 'x.sqlite'), '--project', 'p', '--port', '0']);
    expect(a).toEqual({ roots: [join(dir, 'a'), join(dir, 'b')], open: join(dir, 'a'), db: join(dir, 'x.sqlite'), project: 'p', port: 0 });
  });

  it('refuses missing folders, bad ports and unknown flags', () => {
    expect(() => parseServeArgs(['--root', join(dir, 'missing')])).toThrow(UsageError);
    expect(() => parseServeArgs(['--port', '70000'])).toThrow(/not a port/);
    expect(() => parseServeArgs(['--bogus'])).toThrow(UsageError);
    expect(() => parseServeArgs(['positional'])).toThrow(UsageError);
  });

});
