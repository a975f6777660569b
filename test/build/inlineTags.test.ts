import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inlineTags, inlineTagsPlugin, readTagTable } from '../../scripts/inline-tags.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const table = readTagTable(root);
const inline = (source: string): string => inlineTags(source, table);

describe('inlineTags', () => {
  const imports = "import { TAG } from '../dicom/dictionary';\n";

  it('writes TAG.Keyword as its number in a file that imports the dictionary', () => {
    expect(inline(`${imports}const a = TAG.PatientName; f(TAG.PixelData);`)).toBe(`${imports}const a = 0x00100010; f(0x7fe00010);`);
    expect(inline("import { keywordOf, TAG } from './dictionary';\nx(TAG.Rows);")).toContain('x(0x00280010)');
  });

  it('leaves types, other objects and files without the import alone', () => {
    expect(inline(`${imports}type A = typeof TAG.Rows; o.TAG.Rows; MY_TAG.Rows;`)).toBe(`${imports}type A = typeof TAG.Rows; o.TAG.Rows; MY_TAG.Rows;`);
    expect(inline('const TAG = { Rows: 1 }; f(TAG.Rows);')).toBe('const TAG = { Rows: 1 }; f(TAG.Rows);');
  });

  it('refuses a keyword the dictionary does not have', () => {
    expect(() => inline(`${imports}f(TAG.PatientsName);`)).toThrow(/PatientsName/);
  });

  it('keeps the TAG object out of the CLI and worker bundles', async () => {
    const result = await build({
      absWorkingDir: root,
      entryPoints: ['src/main/cli/index.ts', 'src/main/workers/worker.ts'],
      outdir: 'out',
      write: false,
      bundle: true,
      splitting: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      packages: 'external',
      logLevel: 'silent',
      plugins: [inlineTagsPlugin(root)],
    });
    const code = result.outputFiles.map((f) => f.text).join('\n');
    expect(code).not.toMatch(/\bTAG\.[A-Za-z]/);
    // The keyword and VR strings ship; the object literal does not.
    expect(code).not.toMatch(/CommandGroupLength:\s*0/);
    expect(code).toContain('00100010PN');
  });
});
