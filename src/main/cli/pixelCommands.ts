/** The CLI commands of pixel cleaning: verify, export-text and export-png. */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CodedError } from '../../shared/codedError';
import type { AppDatabase } from '../db/database';
import { defaultDbPath } from '../db/dbPath';
import { exportPngs } from '../pipeline/export/pngExport';
import { exportBoxesCsv } from '../pipeline/export/textExport';
import { verifyRun } from '../pipeline/write/verifyTree';
import { progressPrinter } from './progress';

/** Usage lines of the pixel commands, for the CLI help. */
export const PIXEL_USAGE = `deid-studio verify <out> [--db F] [--json]
  deid-studio export-text [--db F] --out F.csv
  deid-studio export-png <out> --to <dir>`;

/** A usage problem (exit code 1). */
export class PixelUsageError extends CodedError<'USAGE'> {
  constructor(message: string) {
    super('USAGE', message);
    this.name = 'PixelUsageError';
  }
}

type OpenDb = (path: string | undefined) => AppDatabase;

function parse(args: readonly string[], options: Record<string, { type: 'string' | 'boolean' }>): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const parsed = parseArgs({ args: [...args], allowPositionals: true, options });
    return { values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals };
  } catch (e) {
    throw new PixelUsageError((e as Error).message);
  }
}

function folderArg(positionals: readonly string[], what: string): string {
  if (positionals.length !== 1) throw new PixelUsageError(`expected one ${what}`);
  const folder = resolve(positionals[0]);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new Error(`${folder} is not a folder`);
  return folder;
}

/**
 * `verify <out>`: re-reads every image of a de-identified tree. Exit 0 when nothing identifying
 * was read, 3 when some image shows identifying text (listed), 2 when some could not be read.
 * Without the database only dates are looked for (the patient's identifiers live there).
 */
export async function verifyCommand(args: readonly string[], openDb: OpenDb): Promise<number> {
  const { values, positionals } = parse(args, { db: { type: 'string' }, json: { type: 'boolean' } });
  const out = folderArg(positionals, 'de-identified folder');
  // The default database is used when it exists; verify never creates one.
  const db = typeof values.db === 'string' ? openDb(values.db) : existsSync(defaultDbPath()) ? openDb(undefined) : undefined;
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    const r = await verifyRun({ output: out, db, signal: controller.signal, onProgress: progressPrinter('verify') });
    const lines = [`\nverified ${r.counts.images} images of ${r.counts.files} files: ${r.counts.clean} clean, ${r.counts.found} with identifying text, ${r.counts.failed} unreadable`];
    if (!db) lines.push('note: no database given: only dates were looked for (use --db to match the patients\' identifiers)');
    for (const f of r.files) {
      if (f.status === 'found') for (const x of f.findings ?? []) lines.push(`  FOUND ${f.path}: "${x.text}" (${x.reason}) at ${x.box.x},${x.box.y} ${x.box.w}x${x.box.h}${x.frame === null ? '' : ` frame ${x.frame}`}${x.plane === 'overlay' ? ' (overlay)' : ''}`);
      if (f.status === 'failed') lines.push(`  FAILED ${f.path}: ${f.error ?? ''}`);
    }
    process.stderr.write(`${lines.join('\n')}\n`);
    if (values.json) process.stdout.write(`${JSON.stringify(r)}\n`);
    if (r.interrupted) return 130;
    return r.counts.found ? 3 : r.counts.failed ? 2 : 0;
  } finally {
    process.off('SIGINT', onSigint);
    db?.close();
  }
}

/** `export-text --out F.csv`: every box of the database with its text, status and reason. */
export function exportTextCommand(args: readonly string[], openDb: OpenDb): number {
  const { values, positionals } = parse(args, { db: { type: 'string' }, out: { type: 'string' } });
  if (positionals.length) throw new PixelUsageError('export-text takes no folder');
  if (typeof values.out !== 'string') throw new PixelUsageError('--out F.csv is required');
  const db = openDb(values.db as string | undefined);
  try {
    const n = exportBoxesCsv(db, resolve(values.out));
    process.stderr.write(`wrote ${n} boxes to ${resolve(values.out)}\n`);
    return 0;
  } finally {
    db.close();
  }
}

/** `export-png <out> --to <dir>`: every frame of every image of a de-identified tree as PNG. */
export async function exportPngCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parse(args, { to: { type: 'string' } });
  const out = folderArg(positionals, 'de-identified folder');
  if (typeof values.to !== 'string') throw new PixelUsageError('--to <dir> is required');
  const to = resolve(values.to);
  if (to === out || to.startsWith(`${out}/`)) throw new PixelUsageError('--to must not be inside the de-identified folder');
  const r = await exportPngs(out, to);
  process.stderr.write(`wrote ${r.frames} frames of ${r.images} images to ${to}${r.skipped.length ? `; ${r.skipped.length} files skipped` : ''}\n`);
  for (const s of r.skipped.slice(0, 20)) process.stderr.write(`  skipped ${s.path}: ${s.reason}\n`);
  return 0;
}
