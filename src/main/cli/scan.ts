import { scanFolder } from '../pipeline/scan/scanFolder';
import { createTaskRunner } from '../workers/workerPool';
import { folderArgument, parseCommandArgs } from './args';
import type { Command } from './command';
import { DB_OPTION, withDb } from './database';
import { progressPrinter } from './progress';

/** `scan <folder>`: indexes the folder (re-scans read only changed files). */
export const scanCommand: Command = {
  name: 'scan',
  usage: `deid-studio scan <folder> [--db F]\n\nOptions:\n${DB_OPTION}`,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, { db: { type: 'string' } });
    const folder = folderArgument(positionals, 'folder to scan');
    return withDb(values.db, async (db) => {
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
      }
    });
  },
};
