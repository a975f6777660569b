import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unpackedPath } from './unpackedPath';

describe('unpackedPath', () => {
  it('points into app.asar.unpacked only when the unpacked twin exists', () => {
    const dir = mkdtempSync(join(tmpdir(), 'deid-unpacked-'));
    try {
      mkdirSync(join(dir, 'app.asar.unpacked', 'assets', 'sample-study'), { recursive: true });
      expect(unpackedPath(join(dir, 'app.asar', 'assets', 'sample-study'))).toBe(join(dir, 'app.asar.unpacked', 'assets', 'sample-study'));
      expect(unpackedPath(join(dir, 'app.asar', 'dist', 'renderer'))).toBe(join(dir, 'app.asar', 'dist', 'renderer'));
      expect(unpackedPath('/work/dist/renderer')).toBe('/work/dist/renderer');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
