import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { getOrCreateProject } from '../db/projectsRepo';
import { importSubjects } from '../db/subjectsRepo';
import { exportMetadataCsv } from '../pipeline/export/metadataCsv';
import { readSubjectImportCsv, writeMappingCsv } from '../pipeline/export/mappingCsv';
import { parseCommandArgs, positionals, required } from './args';
import type { Command } from './command';
import { DB_OPTION, withDb } from './database';

const PROJECT_OPTION = '  --project NAME     project (default: default)';

/** `export-mapping --out F.csv`: every mapping row of the project. */
export const exportMappingCommand: Command = {
  name: 'export-mapping',
  usage: `deid-studio export-mapping [--db F] [--project NAME] --out F.csv\n\nOptions:\n${DB_OPTION}\n${PROJECT_OPTION}`,
  async run(args) {
    const { values, positionals: rest } = parseCommandArgs(args, { db: { type: 'string' }, project: { type: 'string' }, out: { type: 'string' } });
    positionals(rest, 0, '');
    const out = resolve(required(values.out, '--out F.csv'));
    return withDb(values.db, (db) => {
      const project = getOrCreateProject(db, values.project ?? 'default');
      const n = writeMappingCsv(db, project, out);
      process.stderr.write(`wrote ${n} mapping rows of project ${project.name} to ${out}\n`);
      return 0;
    });
  },
};

/** `import-mapping F.csv`: pre-assigned subject ids (`subj,MRN` rows). */
export const importMappingCommand: Command = {
  name: 'import-mapping',
  usage: `deid-studio import-mapping [--db F] [--project NAME] F.csv\n\nOptions:\n${DB_OPTION}\n${PROJECT_OPTION}`,
  async run(args) {
    const { values, positionals: rest } = parseCommandArgs(args, { db: { type: 'string' }, project: { type: 'string' } });
    const [path] = positionals(rest, 1, 'one CSV file (subj,MRN rows)');
    const file = resolve(path);
    const parsed = readSubjectImportCsv(readFileSync(file, 'utf8'));
    if (!parsed.ok) throw new Error(`${file}: ${parsed.error.message}`);
    return withDb(values.db, (db) => {
      const project = getOrCreateProject(db, values.project ?? 'default');
      const r = importSubjects(db, project, parsed.value);
      if (!r.ok) {
        const lines = r.error.conflicts.map((c) => `  line ${c.line ?? '?'}: ${c.message}`);
        throw new Error(`${file}: ${r.error.message}\n${lines.join('\n')}`);
      }
      process.stderr.write(`imported ${r.value.added} subjects (${r.value.unchanged} already present) into project ${project.name}\n`);
      return 0;
    });
  },
};

/** `export-metadata --out F.csv`: the indexed headers as CSV. */
export const exportMetadataCommand: Command = {
  name: 'export-metadata',
  usage: `deid-studio export-metadata [--db F] [--under <folder>] --out F.csv\n\nOptions:\n${DB_OPTION}\n  --under <folder>   only files under this folder`,
  async run(args) {
    const { values, positionals: rest } = parseCommandArgs(args, { db: { type: 'string' }, out: { type: 'string' }, under: { type: 'string' } });
    positionals(rest, 0, '');
    const out = resolve(required(values.out, '--out F.csv'));
    return withDb(values.db, (db) => {
      const n = exportMetadataCsv(db, out, values.under);
      process.stderr.write(`wrote ${n} indexed files to ${out}\n`);
      return 0;
    });
  },
};
