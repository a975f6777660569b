import { parseArgs } from 'node:util';
import { resolveOptionArgs } from '../deid/deidOptions';
import type { AppDatabase } from '../db/database';
import { findProject, getOrCreateProject, listProjects, updateProject, type Project, type ProjectSettings } from '../db/projectsRepo';

/** Usage lines of the `project` command, for the CLI help. */
export const PROJECT_USAGE = `deid-studio project list [--db F]
  deid-studio project set NAME [--prefix P] [--width N] [--option CODE]... [--issuer-in-key] [--db F]`;

/**
 * `project list` prints every project (name, subject-id format, options); `project set NAME`
 * creates the project or changes its settings. A project's secret never leaves the database.
 * Returns the exit code; throws with a message on bad arguments.
 */
export function projectCommand(args: readonly string[], openDb: (path: string | undefined) => AppDatabase): number {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      prefix: { type: 'string' },
      width: { type: 'string' },
      option: { type: 'string', multiple: true },
      'issuer-in-key': { type: 'boolean' },
    },
  });
  const [action, name] = positionals;
  const db = openDb(values.db);
  try {
    if (action === 'list' && positionals.length === 1) {
      for (const p of listProjects(db)) process.stdout.write(`${describe(p)}\n`);
      return 0;
    }
    if (action === 'set' && name && positionals.length === 2) {
      const settings: ProjectSettings = {};
      if (values.prefix !== undefined) settings.prefix = values.prefix;
      if (values.width !== undefined) settings.width = Number(values.width);
      if (values['issuer-in-key'] !== undefined) settings.issuerInKey = values['issuer-in-key'];
      if (values.option?.length) {
        const options = resolveOptionArgs(values.option);
        if (!options.ok) throw new Error(options.error.message);
        settings.options = options.value;
      }
      const project = findProject(db, name) ? updateProject(db, name, settings) : getOrCreateProject(db, name, settings);
      process.stdout.write(`${describe(project)}\n`);
      return 0;
    }
    throw new Error(`usage:\n  ${PROJECT_USAGE}`);
  } finally {
    db.close();
  }
}

function describe(p: Project): string {
  const example = `${p.prefix}-${'0'.repeat(p.width)}`;
  return `${p.name}\tids like ${example}\toptions ${p.options.join(',')}${p.issuerInKey ? '\tissuer in subject key' : ''}`;
}
