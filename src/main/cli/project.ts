import { findProject, getOrCreateProject, listProjects, updateProject, type DateShiftRange, type Project, type ProjectSettings } from '../db/projectsRepo';
import { resolveOptionArgs } from '../deid/deidOptions';
import { parseCommandArgs, UsageError } from './args';
import type { Command } from './command';
import { DB_OPTION, withDb } from './database';

const USAGE = `deid-studio project list [--db F]
deid-studio project set NAME [--prefix P] [--width N] [--option CODE]... [--issuer-in-key | --ignore-issuer]
                            [--date-shift=MIN..MAX] [--db F]

Options:
${DB_OPTION}
  --prefix P         subject-id prefix: letters, digits, _ (new subjects only)
  --width N          digits of the random subject number (new subjects only)
  --option CODE      the project's CID 7050 options (as deidentify --option)
  --issuer-in-key    IssuerOfPatientID is part of the subject key, so one MRN from two hospitals is
                     two subjects (the default for new projects; only before the first subject)
  --ignore-issuer    the subject key is PatientID alone (only before the first subject)
  --date-shift=MIN..MAX  days each subject's dates move under option 113107, e.g.
                     --date-shift=-365..-1 (the default; write the = before a negative value);
                     must not contain 0; applies to subjects without an offset yet`;

/**
 * `project list` prints every project (name, subject-id format, options); `project set NAME`
 * creates the project or changes its settings. A project's secret is in the key file beside the
 * database and is never printed.
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
      'ignore-issuer': { type: 'boolean' },
      'date-shift': { type: 'string' },
    });
    if (values['issuer-in-key'] && values['ignore-issuer']) throw new UsageError('--issuer-in-key and --ignore-issuer cannot be combined');
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
        ...(values['ignore-issuer'] ? { issuerInKey: false } : {}),
        ...(values['date-shift'] !== undefined ? { dateShift: parseDateShift(values['date-shift']) } : {}),
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
  return `${p.name}\tids like ${example}\toptions ${p.options.join(',')}${p.issuerInKey ? '\tissuer in subject key' : ''}\tdate shift ${p.dateShift.min}..${p.dateShift.max}`;
}

/** `-365..-1` (or `-365,-1`) as a range; the repository checks the values. */
function parseDateShift(text: string): DateShiftRange {
  const m = /^\s*([+-]?\d+)\s*(?:\.\.|,)\s*([+-]?\d+)\s*$/.exec(text);
  if (!m) throw new UsageError(`--date-shift ${text}: expected MIN..MAX in days, e.g. -365..-1`);
  return { min: Number(m[1]), max: Number(m[2]) };
}
