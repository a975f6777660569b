import * as fs from 'node:fs';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { commitPending, writePending } from './chunkFile';

// Renames out of the spool fail with EXDEV as they do when the output is a volume of its own.
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return {
    ...real,
    renameSync: vi.fn((from: fs.PathLike, to: fs.PathLike) => {
      if (String(from).includes('.partial')) throw Object.assign(new Error(`EXDEV: cross-device link not permitted, rename '${String(from)}' -> '${String(to)}'`), { code: 'EXDEV' });
      real.renameSync(from, to);
    }),
  };
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'deid-chunkfile-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('publishing a spooled file across volumes (EXDEV)', () => {
  it('copies to a temp name beside the target and renames it: the target appears whole, nothing else is left', () => {
    const out = join(dir, 'out');
    const spool = join(dir, 'out.partial');
    mkdirSync(out);
    const target = join(out, 'a', 'one.dcm');
    const bytes = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
    const temp = writePending(target, [bytes], spool);
    expect(temp.path.startsWith(spool)).toBe(true);
    expect(commitPending(temp.path, target, false)).toBe('written');
    expect([...readFileSync(target)]).toEqual([...bytes]);
    expect(readdirSync(join(out, 'a'))).toEqual(['one.dcm']);
    expect(readdirSync(spool)).toEqual([]);
    // The fallback was taken: the rename out of the spool failed.
    expect(vi.mocked(fs.renameSync).mock.results.some((r) => r.type === 'throw')).toBe(true);
  });

  it('leaves an identical existing target alone and drops the spooled copy', () => {
    const target = join(dir, 'out', 'two.dcm');
    const spool = join(dir, 'out.partial');
    commitPending(writePending(target, [new Uint8Array([9, 9])], spool).path, target, false);
    expect(commitPending(writePending(target, [new Uint8Array([9, 9])], spool).path, target, false)).toBe('unchanged');
    expect(readdirSync(join(dir, 'out'))).toEqual(['two.dcm']);
    expect(readdirSync(spool)).toEqual([]);
  });
});
