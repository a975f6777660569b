/**
 * What the Electron (and served) main thread may load: walks the runtime import graph (type-only
 * imports erased, dynamic `import()` followed) from the front ends' modules, and names every module
 * reachable from them that parses or decodes DICOM. The worker entries are where that code runs,
 * so the walk never enters them; a front end reaches them only through the pool's requests.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import ts from 'typescript';

/** Modules that parse or decode DICOM (relative to the root, `/`), and the packages that do. */
interface ParserModules {
  files: readonly RegExp[];
  packages: readonly string[];
}

/** The DICOM parser, the pixel decoders and the codec packages. */
const PARSER_MODULES: ParserModules = {
  files: [/^src\/main\/dicom\/parseDicom\.ts$/, /^src\/main\/dicom\/readFileHeader\.ts$/, /^src\/main\/pixels\/decodeFrame\.ts$/, /^src\/main\/pixels\/decodeEncoded\.ts$/, /^src\/main\/pixels\/decoders\//],
  packages: ['dicom-parser', 'dcmjs', 'jpeg-lossless-decoder-js', '@cornerstonejs/codec-charls', '@cornerstonejs/codec-libjpeg-turbo-8bit', '@cornerstonejs/codec-openjpeg', '@cornerstonejs/codec-openjph'],
};

/** A parser module reachable on the main thread, with the chain of imports that reaches it. */
interface MainThreadParse {
  module: string;
  chain: string[];
}

/** The runtime imports of one source file: type-only imports and exports left out. */
function runtimeImports(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const specs: string[] = [];
  for (const st of source.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
      const clause = st.importClause;
      if (clause?.isTypeOnly) continue;
      const named = clause?.namedBindings;
      const onlyTypes = clause !== undefined && !clause.name && named !== undefined && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
      if (!onlyTypes) specs.push(st.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(st) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) && !st.isTypeOnly) {
      specs.push(st.moduleSpecifier.text);
    }
  }
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteral(arg)) specs.push(arg.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specs;
}

function resolveRelative(root: string, from: string, spec: string): string | undefined {
  const base = normalize(join(dirname(from), spec)).split(sep).join('/');
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, base.replace(/\.js$/, '.ts')]) {
    const full = join(root, candidate);
    if (/\.tsx?$/.test(candidate) && existsSync(full) && statSync(full).isFile()) return candidate;
  }
  return undefined;
}

function listSources(root: string, dir: string): string[] {
  const full = join(root, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full)
    .sort()
    .flatMap((name) => {
      const rel = `${dir}/${name}`;
      if (statSync(join(root, rel)).isDirectory()) return listSources(root, rel);
      return /\.tsx?$/.test(name) && !/\.(test|d)\.tsx?$/.test(name) ? [rel] : [];
    });
}

/**
 * Every parser module (see {@link PARSER_MODULES}) that the main thread can load from the source
 * files under `frontEnds` (folders relative to `root`), never entering the `workerEntries`.
 * Sorted by module; an empty list means the main thread only orchestrates.
 */
export function parsersOnMainThread(root: string, frontEnds: readonly string[], workerEntries: readonly string[], parsers: ParserModules = PARSER_MODULES): MainThreadParse[] {
  const via = new Map<string, string | null>();
  const stack: string[] = [];
  for (const f of frontEnds.flatMap((d) => listSources(root, d)).filter((f) => !workerEntries.includes(f))) {
    via.set(f, null);
    stack.push(f);
  }
  const found = new Map<string, string>();
  while (stack.length > 0) {
    const file = stack.pop() as string;
    for (const spec of runtimeImports(file, readFileSync(join(root, file), 'utf8'))) {
      if (!spec.startsWith('.')) {
        const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
        if (parsers.packages.includes(pkg) && !found.has(`package ${pkg}`)) found.set(`package ${pkg}`, file);
        continue;
      }
      const target = resolveRelative(root, file, spec);
      if (!target || via.has(target) || workerEntries.includes(target)) continue;
      via.set(target, file);
      if (parsers.files.some((p) => p.test(target)) && !found.has(target)) found.set(target, file);
      stack.push(target);
    }
  }
  const chainOf = (start: string): string[] => {
    const chain: string[] = [];
    for (let at: string | null | undefined = start; at; at = via.get(at)) chain.unshift(at);
    return chain;
  };
  return [...found]
    .map(([module, importer]) => ({ module, chain: module.startsWith('package ') ? chainOf(importer) : chainOf(module) }))
    .sort((a, b) => (a.module < b.module ? -1 : a.module > b.module ? 1 : 0));
}

/** A chain as one line, for a failure message. */
export function describeChain(p: MainThreadParse, root: string): string {
  return `${p.module}: ${p.chain.map((f) => relative(root, join(root, f)) || f).join(' → ')}`;
}
