import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCsv, toCsv, writeFileAtomic } from './atomicFile';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deid-csv-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('writes UTF-8 text, replaces an existing file, and leaves no temporary file', () => {
    const file = path.join(dir, 'map.csv');
    fs.writeFileSync(file, 'old content', { mode: 0o644 });
    const csv = toCsv(['subj', 'MRN'], [['SUBJ-00001', 'Müller']]);
    writeFileAtomic(file, csv);
    expect(fs.readFileSync(file, 'utf8')).toBe(csv);
    expect(parseCsv(fs.readFileSync(file, 'utf8'))).toEqual([['subj', 'MRN'], ['SUBJ-00001', 'Müller']]);
    expect(fs.readdirSync(dir)).toEqual(['map.csv']);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('writes bytes with the requested mode', () => {
    const file = path.join(dir, 'b.bin');
    writeFileAtomic(file, new Uint8Array([0, 1, 255]), 0o640);
    expect([...fs.readFileSync(file)]).toEqual([0, 1, 255]);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o640);
  });

  it('fails without touching the target or leaving litter when the rename cannot happen', () => {
    const target = path.join(dir, 'is-a-folder');
    fs.mkdirSync(path.join(target, 'child'), { recursive: true });
    expect(() => writeFileAtomic(target, 'x')).toThrow();
    expect(fs.readdirSync(dir)).toEqual(['is-a-folder']);
    expect(() => writeFileAtomic(path.join(dir, 'missing', 'x.csv'), 'x')).toThrow(/ENOENT/);
  });
});
