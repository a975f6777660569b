/**
 * `allowlist` and `denylist`: a project's lists of pixel text, as the user keeps them. The two
 * commands are one command over either list (`allowlist.ts`, `denylist.ts` name them).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AppDatabase } from '../db/database';
import { addPixelTerms, listPixelTerms, removePixelTerms } from '../db/pixelTermsRepo';
import { findProject, getOrCreateProject } from '../db/projectsRepo';
import { checkTerm, type PixelTerm, type TermList } from '../phi/pixelTerms';
import { parseTermFile } from '../phi/termListFile';
import { parseCommandArgs, UsageError } from './args';
import type { Command } from './command';
import { DB_OPTION, withDb } from './database';

const WHAT: Readonly<Record<TermList, { name: string; role: string }>> = {
  allow: { name: 'allowlist', role: 'text kept in the pixels when every word of its line is explained by it or by the built-in vocabulary' },
  deny: { name: 'denylist', role: 'text always burned, whatever else explains it' },
};

function usage(list: TermList): string {
  const { name, role } = WHAT[list];
  return `deid-studio ${name} add TERM... [--regex] [--project P] [--db F]
deid-studio ${name} list [--project P] [--db F]
deid-studio ${name} remove TERM... [--project P] [--db F]
deid-studio ${name} import FILE [--project P] [--db F]

The project's ${name}: ${role}.
A word is compared the way OCR text is (case and accents ignored; words with spaces are a phrase).
${list === 'allow' ? 'A pattern must match whole words as read' : 'A pattern burns a line wherever it is found in it'} (Python or JavaScript syntax).
import reads dicompixelanon's ocr_allowlist_regex.txt format: one pattern per line, (?i)WORD lines
as words; one invalid line refuses the whole file. Changing a list makes the next run judge stored
text again.

Options:
${DB_OPTION}
  --project P        the project (default: default)
  --regex            add TERMs as regular expressions instead of words

Exit codes: 0 done; 1 usage error, invalid term or file, or a term to remove that is not listed.`;
}

/** The `allowlist` or `denylist` command. */
export function termListCommand(list: TermList): Command {
  const { name } = WHAT[list];
  return {
    name,
    usage: usage(list),
    async run(args) {
      const { values, positionals } = parseCommandArgs(args, { db: { type: 'string' }, project: { type: 'string' }, regex: { type: 'boolean' } });
      const [action, ...operands] = positionals;
      const projectName = values.project ?? 'default';
      if (values.regex && action !== 'add') throw new UsageError('--regex goes with add');
      switch (action) {
        case 'add': {
          if (operands.length === 0) throw new UsageError(`expected "${name} add TERM..."`);
          const terms = operands.map((term): PixelTerm => {
            const checked = checkTerm(list, values.regex ? 'regex' : 'word', term);
            if (!checked.ok) throw new Error(`"${term}": ${checked.error.message}`);
            return checked.value;
          });
          return withDb(values.db, (db) => {
            const added = store(db, projectName, terms);
            process.stderr.write(`added ${added} of ${terms.length} to the ${name} of project ${projectName}\n`);
            return 0;
          });
        }
        case 'import': {
          if (operands.length !== 1) throw new UsageError(`expected "${name} import FILE"`);
          const file = resolve(operands[0]);
          let text: string;
          try {
            text = readFileSync(file, 'utf8');
          } catch (e) {
            throw new Error(`cannot read ${file}: ${(e as Error).message}`);
          }
          const parsed = parseTermFile(text, list);
          if (!parsed.ok) throw new Error(`${file} line ${parsed.error.line}: ${parsed.error.message}`);
          return withDb(values.db, (db) => {
            const added = store(db, projectName, parsed.value);
            const words = parsed.value.filter((t) => t.kind === 'word').length;
            process.stderr.write(
              `imported ${words} words and ${parsed.value.length - words} patterns into the ${name} of project ${projectName} (${parsed.value.length - added} already listed)\n`,
            );
            return 0;
          });
        }
        case 'list':
          if (operands.length) throw new UsageError(`unexpected argument "${operands[0]}"`);
          return withDb(values.db, (db) => {
            const project = findProject(db, projectName);
            for (const t of project ? listPixelTerms(db, project.id, list) : []) process.stdout.write(`${t.kind}\t${t.term}\n`);
            return 0;
          });
        case 'remove':
          if (operands.length === 0) throw new UsageError(`expected "${name} remove TERM..."`);
          return withDb(values.db, (db) => {
            const project = findProject(db, projectName);
            const missing = project ? removePixelTerms(db, project.id, list, operands) : operands;
            if (missing.length) throw new Error(`not on the ${name} of project ${projectName}: ${missing.map((m) => `"${m}"`).join(', ')}; nothing removed`);
            process.stderr.write(`removed ${operands.length} from the ${name} of project ${projectName}\n`);
            return 0;
          });
        default:
          throw new UsageError(`expected "${name} add|list|remove|import"`);
      }
    },
  };
}

/** Adds checked terms to the project (created on first use); returns how many were new. */
function store(db: AppDatabase, projectName: string, terms: readonly PixelTerm[]): number {
  return addPixelTerms(db, getOrCreateProject(db, projectName).id, terms);
}
