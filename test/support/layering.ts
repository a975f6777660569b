/**
 * The layering rules of the source tree, as data, and a checker that applies them to a tree of
 * files (the real `src/`, or a planted one in a test). Each file belongs to the first layer whose
 * folder holds it; a layer may import only the layers it lists. On top of the import rules:
 * `electron` only in the Electron shell, SQL only in `db/`, no Node built-ins in `src/shared` or
 * the renderer, and no import cycle between folders.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, normalize, sep } from 'node:path';
import ts from 'typescript';

/** A layer: the folders it owns and the layers it may import. */
interface Layer {
  name: string;
  /** Folders (or single files), relative to the tree root, with `/`. */
  paths: readonly string[];
  /** Layers this one may import (itself always). */
  mayImport: readonly string[];
  /** npm packages allowed: `any` (default), or none but the listed ones. */
  packages?: 'any' | readonly string[];
}

const LIBRARIES = ['files', 'dicom', 'phi', 'pixels', 'ocr', 'deid'] as const;
const STAGES = ['scan', 'findText', 'review', 'write', 'export'] as const;

/** What a front end may use: everything but the other front ends. */
const BELOW_FRONT_ENDS: readonly string[] = ['shared', ...LIBRARIES, 'db', 'workers', ...STAGES.map((s) => `pipeline/${s}`), 'pipeline/run'];

/** Every layer of `src/`, most specific first. */
const LAYERS: readonly Layer[] = [
  { name: 'shared', paths: ['src/shared'], mayImport: [], packages: ['zod'] },
  { name: 'renderer', paths: ['src/renderer'], mayImport: ['shared'], packages: ['react', 'react-dom', 'react-dom/client', 'react/jsx-runtime', 'cornerstone-core'] },
  { name: 'preload-entry', paths: ['src/preload/index.ts'], mayImport: ['shared', 'preload'], packages: ['electron'] },
  { name: 'preload', paths: ['src/preload'], mayImport: ['shared'], packages: [] },
  // Libraries: know nothing of jobs, the database or Electron; each may use those before it.
  { name: 'files', paths: ['src/main/files'], mayImport: ['shared'] },
  { name: 'dicom', paths: ['src/main/dicom'], mayImport: ['shared', 'files'] },
  // Text that names a patient: identifiers, dates, ID patterns, allow and deny lists (pixels and headers alike).
  { name: 'phi', paths: ['src/main/phi'], mayImport: ['shared', 'files', 'dicom'] },
  { name: 'pixels', paths: ['src/main/pixels'], mayImport: ['shared', 'files', 'dicom'] },
  { name: 'ocr', paths: ['src/main/ocr'], mayImport: ['shared', 'files', 'dicom', 'phi', 'pixels'] },
  { name: 'deid', paths: ['src/main/deid'], mayImport: ['shared', 'files', 'dicom', 'phi', 'pixels'] },
  // The one place that knows SQL; it stores the libraries' models.
  { name: 'db', paths: ['src/main/db'], mayImport: ['shared', ...LIBRARIES] },
  { name: 'workers', paths: ['src/main/workers'], mayImport: ['shared', ...LIBRARIES] },
  // Stages, in product order: each may use the stages before it.
  ...STAGES.map((stage, i): Layer => ({
    name: `pipeline/${stage}`,
    paths: [`src/main/pipeline/${stage}`],
    mayImport: ['shared', ...LIBRARIES, 'db', 'workers', ...STAGES.slice(0, i).map((s) => `pipeline/${s}`)],
  })),
  // A whole run, from the folder to the exports: the one place that strings the stages together.
  { name: 'pipeline/run', paths: ['src/main/pipeline/run'], mayImport: BELOW_FRONT_ENDS.filter((l) => l !== 'pipeline/run') },
  // Front ends: thin adapters over the stages.
  { name: 'ipc', paths: ['src/main/ipc'], mayImport: BELOW_FRONT_ENDS },
  { name: 'serve', paths: ['src/main/serve'], mayImport: [...BELOW_FRONT_ENDS, 'ipc'] },
  { name: 'app', paths: ['src/main/app'], mayImport: [...BELOW_FRONT_ENDS, 'ipc'] },
  { name: 'cli', paths: ['src/main/cli'], mayImport: [...BELOW_FRONT_ENDS, 'serve'] },
];

/** Only these layers may import `electron`. */
const ELECTRON_LAYERS = new Set(['app', 'preload-entry']);
/** Layers that run outside Node and may not import its built-ins. */
const NO_NODE_LAYERS = new Set(['shared', 'renderer', 'preload', 'preload-entry']);
/** SQL text: a statement keyword followed by its clause keyword in one string. */
const SQL = /\b(?:SELECT\b[\s\S]*\bFROM|INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(?:TABLE|INDEX|TRIGGER)|PRAGMA\s+\w+)\b/;

/** One broken rule. */
export interface LayeringProblem {
  file: string;
  rule: 'layer' | 'unknown-file' | 'electron' | 'node-builtin' | 'package' | 'sql' | 'cycle';
  message: string;
}

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function layerOf(file: string, layers: readonly Layer[]): Layer | undefined {
  return layers.find((l) => l.paths.some((p) => file === p || file.startsWith(`${p}/`)));
}

function listSources(root: string, dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir)).sort()) {
    const rel = `${dir}/${name}`;
    if (statSync(join(root, rel)).isDirectory()) out.push(...listSources(root, rel));
    else if (/\.(ts|tsx)$/.test(name) && !/\.d\.ts$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(rel);
  }
  return out;
}

function resolveRelative(from: string, spec: string, files: ReadonlySet<string>): string | undefined {
  const base = normalize(join(dirname(from), spec)).split(sep).join('/');
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, base.replace(/\.js$/, '.ts')]) {
    if (files.has(candidate)) return candidate;
  }
  return undefined;
}

function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** String literals of a file that read as SQL (template heads and plain strings). */
function sqlLiterals(text: string, file: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    let literal: string | undefined;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) literal = node.text;
    // A template's literal parts, joined as if each substitution were a word.
    else if (ts.isTemplateExpression(node)) literal = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' x ');
    if (literal !== undefined && SQL.test(literal)) found.push(literal.trim().replace(/\s+/g, ' ').slice(0, 60));
    if (!ts.isTemplateExpression(node)) ts.forEachChild(node, visit);
    else for (const span of node.templateSpans) visit(span.expression);
  };
  visit(source);
  return found;
}

/**
 * Checks every source file (tests excluded) under `root`'s `src/` against `layers`. Returns the
 * problems found, each naming its file; an empty list means the tree follows the rules.
 */
export function checkLayering(root: string, layers: readonly Layer[] = LAYERS): LayeringProblem[] {
  const files = listSources(root, 'src');
  const fileSet = new Set(files);
  const problems: LayeringProblem[] = [];
  const folderEdges = new Map<string, Map<string, string>>();
  for (const file of files) {
    const layer = layerOf(file, layers);
    if (!layer) {
      problems.push({ file, rule: 'unknown-file', message: `${file} is in no layer: put it in one of the layer folders` });
      continue;
    }
    const text = readFileSync(join(root, file), 'utf8');
    const { importedFiles } = ts.preProcessFile(text, true, true);
    for (const { fileName: spec } of importedFiles) {
      if (spec.startsWith('.')) {
        const target = resolveRelative(file, spec, fileSet);
        if (!target) continue;
        const targetLayer = layerOf(target, layers);
        if (targetLayer && targetLayer !== layer && !layer.mayImport.includes(targetLayer.name)) {
          problems.push({ file, rule: 'layer', message: `Bad layering: ${file} (${layer.name}) imports ${target} (${targetLayer.name}); ${layer.name} may import only ${[layer.name, ...layer.mayImport].join(', ')}` });
        }
        const from = dirname(file);
        const to = dirname(target);
        if (from !== to) {
          const edges = folderEdges.get(from) ?? new Map<string, string>();
          if (!edges.has(to)) edges.set(to, file);
          folderEdges.set(from, edges);
        }
        continue;
      }
      if (spec === 'electron' || spec.startsWith('electron/')) {
        if (!ELECTRON_LAYERS.has(layer.name)) problems.push({ file, rule: 'electron', message: `${file} imports electron: only src/main/app (and the preload entry) may` });
        continue;
      }
      if (NODE_BUILTINS.has(spec)) {
        if (NO_NODE_LAYERS.has(layer.name)) problems.push({ file, rule: 'node-builtin', message: `${file} (${layer.name}) imports the Node built-in ${spec}` });
        continue;
      }
      const allowed = layer.packages ?? 'any';
      if (allowed !== 'any' && !allowed.includes(spec) && !allowed.includes(packageName(spec))) {
        problems.push({ file, rule: 'package', message: `${file} (${layer.name}) imports the package ${spec}; it may import only ${allowed.join(', ') || 'no package'}` });
      }
    }
    if (layer.name !== 'db') {
      for (const sql of sqlLiterals(text, file)) problems.push({ file, rule: 'sql', message: `${file} holds SQL ("${sql}…"): only src/main/db may` });
    }
  }
  problems.push(...folderCycles(folderEdges));
  return problems;
}

/** Every cycle of the folder import graph, each reported once with one import of each step. */
function folderCycles(edges: ReadonlyMap<string, ReadonlyMap<string, string>>): LayeringProblem[] {
  const problems: LayeringProblem[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const seen = new Set<string>();
  const visit = (folder: string): void => {
    state.set(folder, 'open');
    stack.push(folder);
    for (const next of edges.get(folder)?.keys() ?? []) {
      if (state.get(next) === 'open') {
        const cycle = [...stack.slice(stack.indexOf(next)), next];
        const key = [...cycle.slice(0, -1)].sort().join('|');
        if (seen.has(key)) continue;
        seen.add(key);
        const steps = cycle.slice(0, -1).map((f, i) => `${f} → ${cycle[i + 1]} (${edges.get(f)?.get(cycle[i + 1])})`);
        problems.push({ file: cycle[0], rule: 'cycle', message: `folder import cycle: ${steps.join('; ')}` });
      } else if (!state.has(next)) {
        visit(next);
      }
    }
    stack.pop();
    state.set(folder, 'done');
  };
  for (const folder of [...edges.keys()].sort()) if (!state.has(folder)) visit(folder);
  return problems;
}
