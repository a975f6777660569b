import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `npm test` lints the repository itself (`npm run lint`); this proves the rules catch what they
// are for, by linting a planted tree with the repository's own configuration.
const repo = resolve('.');
const ESLINT = join(repo, 'node_modules', 'eslint', 'bin', 'eslint.js');

interface Finding {
  file: string;
  rule: string;
  message: string;
}

const planted: Record<string, string> = {
  // Extension-less imports resolved the TypeScript way: `used` and `Shape` are used, `unused` is not.
  'src/main/lib/values.ts': 'export const used = 1;\nexport const unused = 2;\nexport interface Shape { n: number }\n',
  'src/main/lib/reader.test.ts': "import { used } from './values';\nimport type { Shape } from './values';\nconst s: Shape = { n: used };\nconsole.log(s);\n",
  'src/main/dicom/loose.test.ts': 'const kept = 1;\nconst any1: any = kept;\nconst dropped = 2;\nconsole.log(any1);\n',
  'src/main/cli/shell.test.ts': "import { app } from 'electron';\nconsole.log(app);\n",
  'src/main/app/shell.test.ts': "import { app } from 'electron';\nconsole.log(app);\n",
  'src/preload/index.ts': "import { contextBridge } from 'electron';\nconsole.log(contextBridge);\n",
};

let findings: Finding[];
const root = mkdtempSync(join(tmpdir(), 'deid-lint-'));

beforeAll(() => {
  for (const [path, text] of Object.entries(planted)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const tsconfig = JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler', strict: true, noEmit: true }, include: ['src'] });
  writeFileSync(join(root, 'tsconfig.json'), tsconfig);
  writeFileSync(join(root, 'tsconfig.web.json'), tsconfig);
  copyFileSync(join(repo, '.eslintrc.cjs'), join(root, '.eslintrc.cjs'));
  // ESLint 9 takes --config patterns (and the unused-exports rule its `src`) relative to the cwd.
  const r = spawnSync(process.execPath, [ESLINT, '--config', join(repo, 'eslint.config.js'), '--format', 'json', 'src'], { cwd: root, encoding: 'utf8' });
  const results = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string | null; message: string }[] }[];
  findings = results.flatMap((f) => f.messages.map((m) => ({ file: f.filePath.slice(root.length + 1), rule: m.ruleId ?? 'fatal', message: m.message })));
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the ESLint configuration, on a planted tree', () => {
  it('reports an export nothing imports, and only that one', () => {
    const unused = findings.filter((f) => f.rule === 'import-x/no-unused-modules');
    expect(unused.map((f) => `${f.file}: ${f.message}`)).toEqual(["src/main/lib/values.ts: exported declaration 'unused' not used within other modules"]);
  });

  it('reports `any` and an unused variable', () => {
    const loose = findings.filter((f) => f.file === 'src/main/dicom/loose.test.ts').map((f) => f.rule);
    expect(loose.sort()).toEqual(['@typescript-eslint/no-explicit-any', '@typescript-eslint/no-unused-vars']);
  });

  it('reports electron imported outside src/main/app and the preload entry', () => {
    const electron = findings.filter((f) => f.rule === 'no-restricted-imports').map((f) => f.file);
    expect(electron).toEqual(['src/main/cli/shell.test.ts']);
  });

  it('reports nothing else', () => {
    const expected = new Set(['import-x/no-unused-modules', '@typescript-eslint/no-explicit-any', '@typescript-eslint/no-unused-vars', 'no-restricted-imports']);
    expect(findings.filter((f) => !expected.has(f.rule))).toEqual([]);
  });
});
