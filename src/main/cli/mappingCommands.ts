import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { getOrCreateProject } from '../db/projectsRepo';
import { importSubjects } from '../db/subjectsRepo';
import { exportMetadataCsv } from '../pipeline/export/metadataCsv';
import { readSubjectImportCsv, writeMappingCsv, writePatientIdMappingCsv, writeUidMappingCsv } from '../pipeline/export/mappingCsv';
import { parseCommandArgs, positionals, required } from './args';
import type { Command } from './command';
import { DB_OPTION, withDb } from './database';

const PROJECT_OPTION = '  --project NAME     project (default: default)';

const EXPORT_MAPPING_USAGE = `deid-studio export-mapping [--db F] [--project NAME] [--out F.csv] [--uids F.csv] [--patient-ids F.csv]

Options:
${DB_OPTION}
${PROJECT_OPTION}
  --out F.csv        the mapping: subj,MRN,CT_date (+ shifted_CT_date,date_offset_days under 113107)
  --uids F.csv       old -> new UID of every indexed study, series, instance and frame of reference,
                     as id_old,id_new (the MIDI-B validation scorer's uid_mapping_file)
  --patient-ids F.csv  old -> new PatientID as id_old,id_new (the scorer's patid_mapping_file)
At least one of --out, --uids, --patient-ids. Each file names patients: keep it inside the hospital.`;

/** `export-mapping --out F.csv`: every mapping row of the project; `--uids`, `--patient-ids`: the scorer's mappings. */
export const exportMappingCommand: Command = {
  name: 'export-mapping',
  usage: EXPORT_MAPPING_USAGE,
  async run(args) {
    const { values, positionals: rest } = parseCommandArgs(args, {
      db: { type: 'string' },
      project: { type: 'string' },
      out: { type: 'string' },
      uids: { type: 'string' },
      'patient-ids': { type: 'string' },
    });
    positionals(rest, 0, '');
    if (values.out === undefined && values.uids === undefined && values['patient-ids'] === undefined) required(values.out, '--out F.csv (or --uids, --patient-ids)');
    return withDb(values.db, (db) => {
      const project = getOrCreateProject(db, values.project ?? 'default');
      if (values.out !== undefined) {
        const out = resolve(values.out);
        const n = writeMappingCsv(db, project, out, { shifted: project.options.includes('113107') });
        process.stderr.write(`wrote ${n} mapping rows of project ${project.name} to ${out}\n`);
      }
      if (values.uids !== undefined) {
        const out = resolve(values.uids);
        process.stderr.write(`wrote ${writeUidMappingCsv(db, project, out)} UID mappings of project ${project.name} to ${out}\n`);
      }
      if (values['patient-ids'] !== undefined) {
        const out = resolve(values['patient-ids']);
        process.stderr.write(`wrote ${writePatientIdMappingCsv(db, project, out)} PatientID mappings of project ${project.name} to ${out}\n`);
      }
      return 0;
    });
  },
};

/** `import-mapping F.csv`: pre-assigned subject ids (`subj,MRN` rows, optional `issuer` and `date_offset_days`). */
export const importMappingCommand: Command = {
  name: 'import-mapping',
  usage: `deid-studio import-mapping [--db F] [--project NAME] F.csv\n\nThe CSV has subj and MRN columns; optional: issuer (IssuerOfPatientID), date_offset_days (option 113107).\n\nOptions:\n${DB_OPTION}\n${PROJECT_OPTION}`,
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
