import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sweepPartialFiles } from '../files/spoolFolder';
import { writeChunksAtomic, writePending } from './chunkFile';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});
function root(): string {
  const r = mkdtempSync(join(tmpdir(), 'deid-chunkfile-'));
  roots.push(r);
  return r;
}

describe('writePending / writeChunksAtomic', () => {
  it('writes again after the spool folder it made was removed (a second run in the same thread)', () => {
    const r = root();
    const spool = join(r, 'out.partial');
    const target = join(r, 'out', 'a', 'IM1.dcm');
    const bytes = new Uint8Array([1, 2, 3, 4]);
    const first = writePending(target, [bytes], spool);
    expect(existsSync(first.path)).toBe(true);
    rmSync(spool, { recursive: true });
    const second = writePending(target, [bytes], spool);
    expect(readFileSync(second.path)).toEqual(Buffer.from(bytes));
    expect(second.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('writes again after the output folder it made was removed by the user', () => {
    const r = root();
    const target = join(r, 'out', 'series', 'IM1.dcm');
    const bytes = new Uint8Array([9, 8, 7]);
    expect(writeChunksAtomic(target, [bytes], false).outcome).toBe('written');
    rmSync(join(r, 'out'), { recursive: true });
    expect(writeChunksAtomic(target, [bytes], false).outcome).toBe('written');
    expect(readFileSync(target)).toEqual(Buffer.from(bytes));
    expect(readdirSync(join(r, 'out', 'series'))).toEqual(['IM1.dcm']);
  });

  it('gives every pending file its own name, one the partial-file sweep knows (a killed run beside its targets)', () => {
    const r = root();
    const target = join(r, 'out', 'IM1.dcm');
    const paths = Array.from({ length: 50 }, () => writePending(target, [new Uint8Array([1])]).path);
    expect(new Set(paths).size).toBe(50);
    expect(sweepPartialFiles(join(r, 'out')).sort()).toEqual([...paths].sort());
    expect(readdirSync(join(r, 'out'))).toEqual([]);
  });
});
