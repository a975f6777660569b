import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TAG } from '../../src/main/dicom/dictionary';

/** Production sources: src/ less tests and generated tables. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.tsx?$/.test(e.name) && !/\.(test|generated)\.tsx?$/.test(e.name) ? [path] : [];
  });
}

const KEYWORD_OF = new Map<number, string>(Object.entries(TAG).map(([k, t]) => [t, k]));

describe('DICOM attributes by name', () => {
  // A number that only happens to equal a tag says so with a `not a DICOM tag` comment on its line.
  it('production code writes tags as TAG.Keyword, never as raw hex', () => {
    const root = process.cwd();
    const found: string[] = [];
    for (const file of sources(join(root, 'src'))) {
      readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
        if (line.includes('not a DICOM tag')) return;
        for (const m of line.matchAll(/\b0x([0-9a-fA-F]{8})\b/g)) {
          const tag = Number.parseInt(m[1], 16);
          // The command group (0000,xxxx) never occurs in files; 0x00000000 there is a zero.
          const keyword = tag >>> 16 === 0 ? undefined : KEYWORD_OF.get(tag);
          if (keyword) found.push(`${relative(root, file)}:${i + 1}: ${m[0]} is TAG.${keyword}`);
        }
      });
    }
    expect(found).toEqual([]);
  });
});
