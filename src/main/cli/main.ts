import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CodedError } from '../../shared/codedError';
import { DEID_OPTION_CODES, type DeidOptionCode } from '../../shared/deidOptions';
import type { RunSummary } from '../../shared/runSummary';
import { openDatabase } from '../db/openDatabase';
import { defaultDbPath } from '../db/dbPath';
import { getOrCreateProject, type Project } from '../db/projectsRepo';
import { importSubjects } from '../db/subjectsRepo';
import type { AppDatabase } from '../db/database';
import { IMPLEMENTED_OPTIONS, resolveOptionArgs } from '../deid/deidOptions';
import { readSubjectImportCsv, writeMappingCsv } from '../pipeline/export/mappingCsv';
import { exportMetadataCsv } from '../pipeline/export/metadataCsv';
import { scanFolder } from '../pipeline/scan/scanFolder';
import { deidentifyRun, RunSetupError } from '../pipeline/run/deidentifyRun';
import { createTaskRunner } from '../workers/workerPool';
import { ocrFolderJob } from '../pipeline/findText/ocrRun';
import { progressPrinter } from './progress';
import { PROJECT_USAGE, projectCommand } from './project';
import { SERVE_USAGE, ServeUsageError } from '../serve/serveUsage';
import { exportPngCommand, exportTextCommand, PIXEL_USAGE, PixelUsageError, verifyCommand } from './pixelCommands';

const USAGE = `deid-studio: de-identify DICOM studies (headers per PS3.15 Annex E, fail-closed on pixels)

Usage:
  deid-studio scan <folder> [--db F]
  deid-studio deidentify <folder> --out <dir> [--db F] [--project NAME] [--mapping F.csv]
                         [--option CODE]... [--allow-uncleaned] [--redact-all-text] [--overwrite] [--json]
  deid-studio export-mapping [--db F] [--project NAME] --out F.csv
  deid-studio import-mapping [--db F] [--project NAME] F.csv
  deid-studio export-metadata [--db F] --out F.csv
  ${PIXEL_USAGE}
  ${SERVE_USAGE}
  ${PROJECT_USAGE}

Options:
  --db F             database file (default: $DEID_STUDIO_DB, else ${defaultDbPath()})
  --project NAME     project: subject-id prefix, secret and options (default: default)
  --mapping F.csv    mapping CSV (default: beside the database, <project>-mapping.csv)
  --option CODE      PS3.15 CID 7050 option code; -CODE turns a default off.
                     Defaults: 113106 (full dates), 113108 (patient characteristics).
                     Implemented: ${[...IMPLEMENTED_OPTIONS].join(', ')}
  --allow-uncleaned  write images whose pixels may hold burned-in text (says so in the output)
  --redact-all-text  burn every text box the OCR reads, identifying or not
  --overwrite        replace existing outputs that differ
  --json             print the run summary as JSON on stdout
  -h, --help         this help

Exit codes: 0 all DICOM written; 1 could not run; 2 some files failed; 3 some files withheld;
130 interrupted (run it again to resume).
`;

/** A usage error: exit code 1 with a message and the `--help` hint. */
class UsageError extends CodedError<'USAGE'> {
  constructor(message: string) {
    super('USAGE', message);
    this.name = 'UsageError';
  }
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(USAGE);
    return command ? 0 : 1;
  }
  try {
    switch (command) {
      case 'scan':
        return await scanCommand(rest);
      case 'deidentify':
        return await deidentifyCommand(rest);
      case 'export-mapping':
        return exportMappingCommand(rest);
      case 'import-mapping':
        return importMappingCommand(rest);
      case 'export-metadata':
        return exportMetadataCommand(rest);
      case 'project':
        return projectCommand(rest, openDb);
      case 'serve':
        return await serveCommand(rest);
      case 'verify':
        return await pixelCommand(() => verifyCommand(rest, openDb));
      case 'export-text':
        return await pixelCommand(async () => exportTextCommand(rest, openDb));
      case 'export-png':
        return await pixelCommand(() => exportPngCommand(rest));
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`deid-studio ${command}: ${message}\n`);
    if (e instanceof UsageError) process.stderr.write('Run deid-studio --help for usage.\n');
    return 1;
  }
}

const ALL_OPTIONS = {
  db: { type: 'string' },
  project: { type: 'string' },
  out: { type: 'string' },
  mapping: { type: 'string' },
  option: { type: 'string', multiple: true },
  'allow-uncleaned': { type: 'boolean' },
  'redact-all-text': { type: 'boolean' },
  overwrite: { type: 'boolean' },
  json: { type: 'boolean' },
  workers: { type: 'string' },
  under: { type: 'string' },
} as const;

type Flag = keyof typeof ALL_OPTIONS;
interface Values {
  db?: string;
  project?: string;
  out?: string;
  mapping?: string;
  option?: string[];
  'allow-uncleaned'?: boolean;
  'redact-all-text'?: boolean;
  overwrite?: boolean;
  json?: boolean;
  workers?: string;
  under?: string;
}

/** Parses flags, refusing any the command does not take. */
function parse(args: readonly string[], allowed: readonly Flag[]): { values: Values; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], allowPositionals: true, options: ALL_OPTIONS });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  for (const name of Object.keys(parsed.values)) {
    if (!allowed.includes(name as Flag)) throw new UsageError(`--${name} is not an option of this command`);
  }
  return { values: parsed.values as Values, positionals: parsed.positionals };
}

function openDb(path: string | undefined): AppDatabase {
  return openDatabase(resolve(path ?? defaultDbPath()));
}

function requireFolder(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new UsageError(`expected one ${what}`);
  const folder = resolve(positionals[0]);
  let isDir = false;
  try {
    isDir = statSync(folder).isDirectory();
  } catch (e) {
    throw new Error(`cannot read ${folder}: ${(e as Error).message}`);
  }
  if (!isDir) throw new Error(`${folder} is not a folder`);
  return folder;
}

async function scanCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parse(args, ['db']);
  const folder = requireFolder(positionals, 'folder to scan');
  const db = openDb(values.db);
  const runner = createTaskRunner(2);
  try {
    const r = await scanFolder(db, folder, { runner, onProgress: progressPrinter('scan') });
    process.stderr.write(
      `\nscanned ${r.total} files (${r.read} read, ${r.unchanged} unchanged): ${r.dicom} DICOM, ${r.nonDicom} not DICOM, ${r.dicomdir} DICOMDIR, ${r.errors} unreadable\n`,
    );
    for (const p of r.walkProblems) process.stderr.write(`  ${p.path}: ${p.reason}\n`);
    return 0;
  } finally {
    await runner.close();
    db.close();
  }
}

function projectOf(db: AppDatabase, name: string | undefined, options?: DeidOptionCode[]): Project {
  return getOrCreateProject(db, name ?? 'default', options ? { options } : {});
}

async function deidentifyCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parse(args, ['db', 'project', 'out', 'mapping', 'option', 'allow-uncleaned', 'redact-all-text', 'overwrite', 'json', 'workers']);
  const input = requireFolder(positionals, 'input folder');
  if (!values.out) throw new UsageError('--out <dir> is required');
  const optionArgs = (values.option) ?? [];
  const resolved = resolveOptionArgs(optionArgs);
  if (!resolved.ok) throw new UsageError(resolved.error.message);
  const db = openDb(values.db);
  const controller = new AbortController();
  const onSigint = (): void => {
    process.stderr.write('\ninterrupted: finishing files in flight; run the same command again to resume\n');
    controller.abort();
  };
  process.once('SIGINT', onSigint);
  try {
    const project = projectOf(db, values.project, optionArgs.length ? resolved.value : undefined);
    const options = optionArgs.length ? resolved.value : project.options;
    const unimplemented = options.filter((c) => !IMPLEMENTED_OPTIONS.has(c));
    if (unimplemented.length) {
      throw new UsageError(`project ${project.name} uses options not implemented yet: ${unimplemented.map((c) => `${c} (${DEID_OPTION_CODES[c]})`).join(', ')}`);
    }
    const dbDir = dirname(db.file);
    const summary = await deidentifyRun({
      input,
      output: values.out,
      db,
      project,
      options,
      mappingCsv: resolve(values.mapping ?? join(dbDir, `${project.name}-mapping.csv`)),
      reportDir: join(dbDir, 'reports'),
      allowUncleaned: Boolean(values['allow-uncleaned']),
      cleanPixels: true,
      redactAllText: Boolean(values['redact-all-text']),
      overwrite: Boolean(values.overwrite),
      workers: values.workers !== undefined ? Number(values.workers) : undefined,
      signal: controller.signal,
      onProgress: progressPrinter('deidentify'),
    });
    printSummary(summary);
    if (values.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    return summary.exitCode;
  } catch (e) {
    if (e instanceof RunSetupError) throw new UsageError(e.message);
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
    db.close();
  }
}

function printSummary(s: RunSummary): void {
  const c = s.counts;
  const lines = [
    '',
    `de-identified ${c.dicom} DICOM files of ${c.files} in ${(s.durationMs / 1000).toFixed(1)} s: ${c.written} written, ${c.unchanged} already up to date, ${c.withheld} withheld, ${c.failed} failed; ${c.notDicom} not DICOM, ${c.dicomdir} DICOMDIR skipped`,
    `${c.subjects} subjects, ${c.studies} studies -> ${s.output}`,
    `mapping CSV: ${s.mappingCsv}`,
    `report: ${s.report}`,
    ...s.notes.map((n) => `note: ${n}`),
  ];
  const shown = s.problems.slice(0, 50);
  for (const p of shown) lines.push(`  ${p.status.toUpperCase()} ${p.path}: ${p.reason ?? ''}`);
  if (s.problems.length > shown.length) lines.push(`  ... and ${s.problems.length - shown.length} more in the report`);
  if (s.interrupted) lines.push('interrupted: run the same command again to resume');
  process.stderr.write(`${lines.join('\n')}\n`);
}

function exportMappingCommand(args: readonly string[]): number {
  const { values } = parse(args, ['db', 'project', 'out']);
  if (!values.out) throw new UsageError('--out F.csv is required');
  const db = openDb(values.db);
  try {
    const project = projectOf(db, values.project);
    const n = writeMappingCsv(db, project, resolve(values.out));
    process.stderr.write(`wrote ${n} mapping rows of project ${project.name} to ${resolve(values.out)}\n`);
    return 0;
  } finally {
    db.close();
  }
}

function importMappingCommand(args: readonly string[]): number {
  const { values, positionals } = parse(args, ['db', 'project']);
  if (positionals.length !== 1) throw new UsageError('expected one CSV file (subj,MRN rows)');
  const file = resolve(positionals[0]);
  const parsed = readSubjectImportCsv(readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new Error(`${file}: ${parsed.error.message}`);
  const db = openDb(values.db);
  try {
    const project = projectOf(db, values.project);
    const r = importSubjects(db, project, parsed.value);
    if (!r.ok) {
      const lines = r.error.conflicts.map((c) => `  line ${c.line ?? '?'}: ${c.message}`);
      throw new Error(`${file}: ${r.error.message}\n${lines.join('\n')}`);
    }
    process.stderr.write(`imported ${r.value.added} subjects (${r.value.unchanged} already present) into project ${project.name}\n`);
    return 0;
  } finally {
    db.close();
  }
}

function exportMetadataCommand(args: readonly string[]): number {
  const { values } = parse(args, ['db', 'out', 'under']);
  if (!values.out) throw new UsageError('--out F.csv is required');
  const db = openDb(values.db);
  try {
    const n = exportMetadataCsv(db, resolve(values.out), values.under);
    process.stderr.write(`wrote ${n} indexed files to ${resolve(values.out)}\n`);
    return 0;
  } finally {
    db.close();
  }
}

/** `serve`: the app in a browser (see src/main/serve); its usage errors exit 1 like the others. */
async function serveCommand(args: readonly string[]): Promise<number> {
  try {
    // Loaded on demand: the server, zod contract and WebSocket code cost every other command ~80 ms.
    const { serveCommand: runServe } = await import('../serve/serveCommand');
    return await runServe(args, { ocr: ocrFolderJob });
  } catch (e) {
    if (e instanceof ServeUsageError) throw new UsageError(e.message);
    throw e;
  }
}

/** The pixel commands (see src/main/pixelCommands.ts); their usage errors exit 1 like the others. */
async function pixelCommand(run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof PixelUsageError) throw new UsageError(e.message);
    throw e;
  }
}
