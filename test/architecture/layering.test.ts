import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkLayering, type LayeringProblem } from '../support/layering';

describe('layering of src/', () => {
  it('follows every rule: layers, electron, SQL, Node built-ins, no folder cycles', () => {
    expect(checkLayering(process.cwd()).map((p) => p.message)).toEqual([]);
  });
});

describe('the layering checker, on a planted tree', () => {
  const root = mkdtempSync(join(tmpdir(), 'deid-layering-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const plant = (files: Record<string, string>): LayeringProblem[] => {
    rmSync(join(root, 'src'), { recursive: true, force: true });
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return checkLayering(root);
  };
  const clean = {
    'src/shared/model.ts': 'export type Id = number;\n',
    'src/main/dicom/parse.ts': "import type { Id } from '../../shared/model';\nexport const parse = (id: Id): Id => id;\n",
    'src/main/db/repo.ts': "import { parse } from '../dicom/parse';\nexport const q = 'SELECT id FROM files';\nexport const f = parse;\n",
    'src/main/pipeline/scan/scan.ts': "import { q } from '../../db/repo';\nexport const scan = q;\n",
    'src/main/cli/main.ts': "import { scan } from '../pipeline/scan/scan';\nexport const main = scan;\n",
    'src/main/app/index.ts': "import { app } from 'electron';\nexport const a = app;\n",
  };

  it('finds nothing wrong in a tree that follows the rules', () => {
    expect(plant(clean)).toEqual([]);
  });

  it('reports a library that imports the database', () => {
    const p = plant({ ...clean, 'src/main/dicom/bad.ts': "import { q } from '../db/repo';\nexport const b = q;\n" });
    // The wrong import also closes a loop between the two folders.
    expect(p.map((x) => `${x.file} ${x.rule}`)).toEqual(['src/main/dicom/bad.ts layer', 'src/main/db cycle']);
    expect(p[0].message).toMatch(/^Bad layering: .*\(dicom\) imports .*\(db\)/);
  });

  it('reports a library that imports a stage, and a stage that imports a later stage or a front end', () => {
    const p = plant({
      ...clean,
      'src/main/ocr/bad.ts': "import { scan } from '../pipeline/scan/scan';\nexport const b = scan;\n",
      'src/main/pipeline/write/w.ts': 'export const w = 1;\n',
      'src/main/pipeline/scan/bad.ts': "import { w } from '../write/w';\nimport { main } from '../../cli/main';\nexport const b = [w, main];\n",
    });
    expect(p.map((x) => `${x.file} ${x.rule}`).sort()).toEqual(['src/main/cli cycle', 'src/main/ocr/bad.ts layer', 'src/main/pipeline/scan/bad.ts layer', 'src/main/pipeline/scan/bad.ts layer']);
  });

  it('reports electron outside the shell, SQL outside db/, Node in shared and a package in the renderer', () => {
    const p = plant({
      ...clean,
      'src/main/cli/bad.ts': "import { app } from 'electron';\nexport const b = app;\n",
      'src/main/pipeline/scan/sql.ts': 'export const rows = (n: string) => `SELECT id FROM ${n} WHERE x = 1`;\n',
      'src/shared/bad.ts': "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
      'src/renderer/bad.tsx': "import { join } from 'node:path';\nimport x from 'left-pad';\nexport const b = [join, x];\n",
    });
    expect(p.map((x) => `${x.file} ${x.rule}`).sort()).toEqual([
      'src/main/cli/bad.ts electron',
      'src/main/pipeline/scan/sql.ts sql',
      'src/renderer/bad.tsx node-builtin',
      'src/renderer/bad.tsx package',
      'src/shared/bad.ts node-builtin',
    ]);
  });

  it('reports a folder import cycle and a file outside every layer', () => {
    const p = plant({
      ...clean,
      'src/main/ocr/a/one.ts': "import { two } from '../b/two';\nexport const one = two;\n",
      'src/main/ocr/b/two.ts': "import type { one } from '../a/one';\nexport const two = 2 as unknown as typeof one;\n",
      'src/main/stray.ts': 'export const s = 1;\n',
    });
    expect(p.map((x) => `${x.file} ${x.rule}`).sort()).toEqual(['src/main/ocr/a cycle', 'src/main/stray.ts unknown-file']);
  });
});
