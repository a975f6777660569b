import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createJudges, MissingJudgeError } from './judges';

const dir = mkdtempSync(join(tmpdir(), 'deid-judges-'));
writeFileSync(join(dir, 'dcmdump'), '');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('judges', () => {
  it('outside CI: a missing judge skips its test, an installed one is found', () => {
    const j = createJudges({}, dir);
    expect(j.missing('dcmdump')).toBe(false);
    expect(j.missing('dcmdump', 'dciodvfy')).toBe(true);
    expect(j.optional('dciodvfy')).toBeUndefined();
    expect(j.optional('dcmdump')).toBe(join(dir, 'dcmdump'));
    expect(() => j.require('dciodvfy')).toThrow(MissingJudgeError);
  });

  it('under CI=true: nothing is skipped, and a missing judge fails with the package to install', () => {
    const j = createJudges({ CI: 'true' }, dir);
    expect(j.missing('dciodvfy')).toBe(false);
    expect(() => j.optional('dciodvfy')).toThrow(/dciodvfy is missing .*install Debian's dicom3tools/);
    expect(() => j.require('tesseract')).toThrow(/install Debian's tesseract-ocr/);
    expect(j.require('dcmdump')).toBe(join(dir, 'dcmdump'));
  });
});
