import { findProject, getOrCreateProject, listProjects, updateProject, type Project, type ProjectSettings } from '../db/projectsRepo';
import { resolveOptionArgs } from '../deid/deidOptions';
import { parseCommandArgs, UsageError } from './args';
import type { Command } from './command';
import { DB_OPTION, withDb } from './database';

const USAGE = `deid-studio project list [--db F]
deid-studio project set NAME [--prefix P] [--width N] [--option CODE]... [--issuer-in-key] [--db F]

Options:
${DB_OPTION}
  --prefix P         subject-id prefix: letters, digits, _ (new subjects only)
  --width N          digits of the random subject number (new subjects only)
  --option CODE      the project's CID 7050 options (as deidentify --option)
  --issuer-in-key    IssuerOfPatientID is part of the subject key (only before the first subject)`;

/**
 * `project list` prints every project (name, subject-id format, options); `project set NAME`
 * creates the project or changes its settings. A project's secret never leaves the database.
 */
export const projectCommand: Command = {
  name: 'project',
  usage: USAGE,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, {
      db: { type: 'string' },
      prefix: { type: 'string' },
      width: { type: 'string' },
      option: { type: 'string', multiple: true },
      'issuer-in-key': { type: 'boolean' },
    });
    const [action, name] = positionals;
    const list = action === 'list' && positionals.length === 1;
    const set = action === 'set' && name !== undefined && positionals.length === 2;
    if (!list && !set) throw new UsageError('expected "project list" or "project set NAME"');
    let settings: ProjectSettings = {};
    if (set) {
      settings = {
        ...(values.prefix !== undefined ? { prefix: values.prefix } : {}),
        ...(values.width !== undefined ? { width: Number(values.width) } : {}),
        ...(values['issuer-in-key'] !== undefined ? { issuerInKey: values['issuer-in-key'] } : {}),
      };
      if (values.option?.length) {
        const options = resolveOptionArgs(values.option);
        if (!options.ok) throw new UsageError(options.error.message);
        settings.options = options.value;
      }
    }
    return withDb(values.db, (db) => {
      if (list) {
        for (const p of listProjects(db)) process.stdout.write(`${describe(p)}\n`);
        return 0;
      }
      const project = findProject(db, name) ? updateProject(db, name, settings) : getOrCreateProject(db, name, settings);
      process.stdout.write(`${describe(project)}\n`);
      return 0;
    });
  },
};

function describe(p: Project): string {
  const example = `${p.prefix}-${'0'.repeat(p.width)}`;
  return `${p.name}\tids like ${example}\toptions ${p.options.join(',')}${p.issuerInKey ? '\tissuer in subject key' : ''}`;
}
