import { readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findProject } from '../db/projectsRepo';
import { purgeProject } from '../db/purgeRepo';
import { parseCommandArgs, positionals, required } from './args';
import type { Command } from './command';
import { DB_OPTION, withDb } from './database';

const USAGE = `deid-studio purge --project P [--keep-mapping] [--keep-lists] [--db F]

Removes project P's patient data from the database: the header index and the OCR text of every file
its runs read, their paths, the box audit and review marks, and its runs' paths and summaries (and
their reports beside the database). Without --keep-lists also its allow and deny lists of pixel
text (a deny list holds patients' names). Without --keep-mapping also its subjects and studies (the
MRN mapping). The project, its settings and its key stay. Files another project also read are read
again by that project's next run.

Options:
${DB_OPTION}
  --project P        the project to purge (required)
  --keep-mapping     keep the subjects (MRN -> subject id) and the studies' CT dates
  --keep-lists       keep the project's allowlist and denylist of pixel text`;

/** `purge --project P [--keep-mapping] [--keep-lists]`: removes a project's OCR text, paths, header index and term lists. */
export const purgeCommand: Command = {
  name: 'purge',
  usage: USAGE,
  async run(args) {
    const { values, positionals: rest } = parseCommandArgs(args, { db: { type: 'string' }, project: { type: 'string' }, 'keep-mapping': { type: 'boolean' }, 'keep-lists': { type: 'boolean' } });
    positionals(rest, 0, '');
    const name = required(values.project, '--project');
    return withDb(values.db, (db) => {
      const project = findProject(db, name);
      if (!project) throw new Error(`no project named "${name}" in ${db.file}`);
      const keepMapping = values['keep-mapping'] === true;
      const keepLists = values['keep-lists'] === true;
      const r = purgeProject(db, project, { keepMapping, keepLists });
      const reports = removeReports(join(dirname(db.file), 'reports'), project.name);
      process.stderr.write(
        `purged project ${project.name}: ${r.files} indexed files, ${r.runs} runs' paths, ${reports} reports` +
          (keepLists ? ', term lists kept' : `, ${r.terms} list terms`) +
          (keepMapping ? '; subjects and studies kept\n' : `, ${r.subjects} subjects, ${r.studies} studies\n`),
      );
      if (!keepMapping) process.stderr.write(`mapping CSVs already exported (such as ${join(dirname(db.file), `${project.name}-mapping.csv`)}) are files of their own: delete them yourself\n`);
      return 0;
    });
  },
};

/**
 * Deletes the project's run reports in `dir` (they list input paths), named as the run names them:
 * `deidentify-<project>-<ISO time with - for : and .>.json`, anchored, so project `a` never takes
 * project `a-2`'s. Returns how many.
 */
function removeReports(dir: string, project: string): number {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw e;
  }
  // A project name is letters, digits, - and _ only: nothing in it is special to a pattern.
  const ours = new RegExp(`^deidentify-${project}-\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}-\\d{3}Z\\.json$`);
  const mine = names.filter((n) => ours.test(n));
  for (const n of mine) rmSync(join(dir, n), { force: true });
  return mine.length;
}
