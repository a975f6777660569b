/** The CLI commands over pixels and boxes: verify, export-text and export-png. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { defaultDbPath } from '../db/dbPath';
import { exportPngs } from '../pipeline/export/pngExport';
import { exportBoxesCsv } from '../pipeline/export/textExport';
import { outputTreeVerdict, strayLabel, type OutputTreeVerdict } from '../pipeline/write/outputTreeVerdict';
import { checkOutputTree } from '../pipeline/write/verifyOutputTree';
import { describeTextLeft } from '../ocr/verifyText';
import { folderArgument, parseCommandArgs, positionals, required, UsageError } from './args';
import type { Command } from './command';
import { DB_OPTION, openDb, withDb } from './database';
import { untilInterrupted } from './interrupt';
import { progressPrinter } from './progress';

/** The exit code of `verify` for each verdict of the tree. */
const VERIFY_EXIT: Record<OutputTreeVerdict, number> = { confirmed: 0, 'not-confirmed': 3, unreadable: 2, interrupted: 130 };

/**
 * `verify <out>`: re-reads every image of a de-identified tree, and lists every file in it that the
 * database did not write (or that changed since). Exit 0 when nothing identifying was read and
 * every file is as written, 3 when some image shows identifying text or some file is not (listed),
 * 2 when some could not be read.
 * Without the database only dates are looked for (the patient's identifiers live there).
 */
export const verifyCommand: Command = {
  name: 'verify',
  usage: `deid-studio verify <out> [--db F] [--json]\n\nOptions:\n${DB_OPTION}\n  --json             print every file's verdict as JSON on stdout\n\nExit codes: 0 every image confirmed clean and every file as the database wrote it; 2 some images could not be read; 3 some have text left outside what was explained as harmless, or some file is one the database did not write (or changed since); 130 interrupted.`,
  async run(args) {
    const { values, positionals: rest } = parseCommandArgs(args, { db: { type: 'string' }, json: { type: 'boolean' } });
    const out = folderArgument(rest, 'de-identified folder');
    // The default database is used when it exists; verify never creates one.
    const db = values.db !== undefined ? openDb(values.db) : existsSync(defaultDbPath()) ? openDb(undefined) : undefined;
    try {
      const check = await untilInterrupted('interrupted', (signal) => checkOutputTree({ output: out, db, signal, onProgress: progressPrinter('verify') }));
      const r = check.pixels;
      const lines = [
        `\nverified ${r.counts.images} images of ${r.counts.files} files: ${r.counts.clean} clean, ${r.counts.found} with text left, ${r.counts.failed} unreadable; ${r.counts.unconfirmed} claim Clean Pixel Data (113101) that this check cannot confirm`,
      ];
      if (!db) lines.push("note: no database given: the patients' identifiers and the reviewers' decisions are not known; text the allowlist does not explain is reported");
      for (const f of r.files) {
        const claim = f.claimsCleanPixels ? ' [claims 113101]' : '';
        if (f.status === 'found') lines.push(`  TEXT LEFT${claim} ${f.path}: ${describeTextLeft(f.findings ?? [])}`);
        if (f.status === 'failed') lines.push(`  UNREADABLE${claim} ${f.path}: ${f.error ?? ''}`);
      }
      // Every file the database did not write, or that changed since it did.
      if (!db) lines.push('note: no database given: files it did not write cannot be told apart');
      const stray = check.stray ?? [];
      for (const f of stray) lines.push(`  ${strayLabel(f.kind)} ${f.path}`);
      if (stray.length) lines.push(`${stray.length} files in ${out} are not as the database wrote them`);
      process.stderr.write(`${lines.join('\n')}\n`);
      // The text read is left out: it may name the patient (the box-text export is the place for it).
      if (values.json) process.stdout.write(`${JSON.stringify(r, (key, value: unknown) => (key === 'text' ? undefined : value))}\n`);
      return VERIFY_EXIT[outputTreeVerdict(check)];
    } finally {
      db?.close();
    }
  },
};

/** `export-text --out F.csv`: every box of the database with its text, status and reason. */
export const exportTextCommand: Command = {
  name: 'export-text',
  usage: `deid-studio export-text [--db F] --out F.csv\n\nOptions:\n${DB_OPTION}`,
  async run(args) {
    const { values, positionals: rest } = parseCommandArgs(args, { db: { type: 'string' }, out: { type: 'string' } });
    positionals(rest, 0, '');
    const out = resolve(required(values.out, '--out F.csv'));
    return withDb(values.db, (db) => {
      const n = exportBoxesCsv(db, out);
      process.stderr.write(`wrote ${n} boxes to ${out}\n`);
      return 0;
    });
  },
};

/** `export-png <out> --to <dir>`: every frame of every image of a de-identified tree as PNG. */
export const exportPngCommand: Command = {
  name: 'export-png',
  usage: 'deid-studio export-png <out> --to <dir>\n\nOptions:\n  --to <dir>         where the PNGs go (not inside <out>)',
  async run(args) {
    const { values, positionals: rest } = parseCommandArgs(args, { to: { type: 'string' } });
    const out = folderArgument(rest, 'de-identified folder');
    const to = resolve(required(values.to, '--to <dir>'));
    if (to === out || to.startsWith(`${out}/`)) throw new UsageError('--to must not be inside the de-identified folder');
    const r = await exportPngs(out, to);
    process.stderr.write(`wrote ${r.frames} frames of ${r.images} images to ${to}${r.skipped.length ? `; ${r.skipped.length} files skipped` : ''}\n`);
    for (const s of r.skipped.slice(0, 20)) process.stderr.write(`  skipped ${s.path}: ${s.reason}\n`);
    return 0;
  },
};
