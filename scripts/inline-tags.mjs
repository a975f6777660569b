// An esbuild plugin that writes `TAG.Keyword` in src/main as its number (0x00100010), so the bundle
// never builds the 5,000-entry TAG object at start-up (~4 ms of every CLI run and worker). The
// source keeps reading by keyword; values are the same, so behaviour is the same; a file that uses
// TAG any other way (TAG[name], Object.keys(TAG)) still gets the object, only slower to load.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Keyword → tag number, read from the generated TAG object. */
export function readTagTable(root) {
  const text = readFileSync(join(root, 'src/main/dicom/dictionary.generated.ts'), 'utf8');
  const start = text.indexOf('export const TAG = {');
  const end = text.indexOf('} as const;', start);
  if (start < 0 || end < 0) throw new Error('dictionary.generated.ts has no TAG object');
  const table = new Map();
  for (const m of text.slice(start, end).matchAll(/^\s+([A-Za-z_][A-Za-z0-9_]*): (0x[0-9a-f]{8}),$/gm)) table.set(m[1], m[2]);
  return table;
}

// `import { …, TAG, … } from '…/dictionary'` (or './dictionary.generated').
const TAG_IMPORT = /^import\s*\{[^}]*\bTAG\b[^}]*\}\s*from\s*'(?:\.{1,2}\/)+(?:[\w.-]+\/)*dictionary(?:\.generated)?';/m;
// TAG.Keyword as a value: not a member of something else, not `typeof TAG.X` (a type).
const TAG_ACCESS = /(?<![\w$.]|typeof\s)TAG\.([A-Za-z_$][\w$]*)/g;

/**
 * `source` with each `TAG.Keyword` replaced by its number, when the file imports the dictionary's
 * TAG; unchanged otherwise. Throws on a keyword the table does not have.
 */
export function inlineTags(source, table, file = '<source>') {
  if (!TAG_IMPORT.test(source)) return source;
  return source.replace(TAG_ACCESS, (whole, keyword) => {
    const value = table.get(keyword);
    if (value === undefined) throw new Error(`${file}: TAG.${keyword} is not in the DICOM dictionary`);
    return value;
  });
}

/** The plugin, for the Node bundles of scripts/build.mjs. */
export function inlineTagsPlugin(root) {
  return {
    name: 'inline-tags',
    setup(build) {
      const table = readTagTable(root);
      build.onLoad({ filter: /[\\/]src[\\/]main[\\/].*\.ts$/ }, (args) => {
        if (/\.(test|generated)\.ts$/.test(args.path)) return undefined;
        const source = readFileSync(args.path, 'utf8');
        const contents = inlineTags(source, table, args.path);
        return contents === source ? undefined : { contents, loader: 'ts' };
      });
    },
  };
}
