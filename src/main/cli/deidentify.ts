import { IMPLEMENTED_OPTIONS } from '../../shared/deidOptions';
import type { RunSummary } from '../../shared/runSummary';
import { deidentifyRun } from '../pipeline/run/deidentifyRun';
import { planRun } from '../pipeline/run/runPlan';
import { folderArgument, parseCommandArgs, required, UsageError } from './args';
import type { Command } from './command';
import { DB_OPTION, withDb } from './database';
import { untilInterrupted } from './interrupt';
import { progressPrinter } from './progress';

const USAGE = `deid-studio deidentify <folder> --out <dir> [--db F] [--project NAME] [--mapping F.csv]
                       [--option CODE]... [--allow-uncleaned] [--redact-all-text] [--headers-only]
                       [--overwrite] [--json] [--identity-conflict fail|split|first] [--refreeze-dates]

Options:
  --out <dir>        the de-identified tree (never inside the input)
${DB_OPTION}
  --project NAME     project: subject-id prefix, secret and options (default: default)
  --mapping F.csv    mapping CSV (default: beside the database, <project>-mapping.csv)
  --option CODE      PS3.15 CID 7050 option code; -CODE turns a default off (write --option=-CODE).
                     Defaults: 113106 (full dates), 113108 (patient characteristics).
                     113107 shifts every date by the subject's offset (project set --date-shift);
                     write --option=-113106 --option 113107. 113105 keeps descriptors the PHI
                     matcher passes. Implemented: ${[...IMPLEMENTED_OPTIONS].sort().join(', ')}
  --allow-uncleaned  write images whose pixels may hold burned-in text (says so in the output)
  --redact-all-text  burn every text box the OCR reads, identifying or not
  --headers-only     do not read pixels (a site that cleans them elsewhere): every image with pixels
                     is withheld, or with --allow-uncleaned written and marked as not cleaned
  --overwrite        replace existing outputs that differ
  --json             print the run summary as JSON on stdout
  --identity-conflict P  a study whose files carry two PatientIDs: fail (default; not written,
                     exit 2), split (one subject per PatientID, both in the mapping), first (all
                     files under the subject the study was first recorded with)
  --refreeze-dates   record the earlier CT date found for a study already written (default: keep
                     the recorded date, report the files, exit 2)

Exit codes: 0 all DICOM written; 1 could not run; 2 some files failed or a conflict; 3 some files withheld;
130 interrupted (run it again to resume).`;

/** `deidentify <folder> --out <dir>`: the whole run, from the folder to the mapping CSV and the report. */
export const deidentifyCommand: Command = {
  name: 'deidentify',
  usage: USAGE,
  async run(args) {
    const { values, positionals } = parseCommandArgs(args, {
      db: { type: 'string' },
      project: { type: 'string' },
      out: { type: 'string' },
      mapping: { type: 'string' },
      option: { type: 'string', multiple: true },
      'allow-uncleaned': { type: 'boolean' },
      'redact-all-text': { type: 'boolean' },
      'headers-only': { type: 'boolean' },
      overwrite: { type: 'boolean' },
      json: { type: 'boolean' },
      workers: { type: 'string' },
      'identity-conflict': { type: 'string' },
      'refreeze-dates': { type: 'boolean' },
    });
    const identity = values['identity-conflict'];
    if (identity !== undefined && identity !== 'fail' && identity !== 'split' && identity !== 'first') {
      throw new UsageError(`--identity-conflict ${identity}: expected fail, split or first`);
    }
    const input = folderArgument(positionals, 'input folder');
    const output = required(values.out, '--out <dir>');
    const workers = values.workers === undefined ? undefined : Number(values.workers);
    if (workers !== undefined && !(Number.isInteger(workers) && workers >= 0)) throw new UsageError(`--workers ${values.workers} is not a number of threads`);
    return withDb(values.db, async (db) => {
      const plan = planRun(db, {
        input,
        output,
        project: values.project,
        optionArgs: values.option,
        mappingCsv: values.mapping,
        allowUncleaned: values['allow-uncleaned'],
        redactAllText: values['redact-all-text'],
        overwrite: values.overwrite,
        pixelCleaning: values['headers-only'] !== true,
        workers,
        identityConflict: identity,
        refreezeDates: values['refreeze-dates'],
      });
      const summary = await untilInterrupted('interrupted: finishing files in flight; run the same command again to resume', (signal) =>
        deidentifyRun(db, plan, { signal, onProgress: progressPrinter('deidentify') }),
      );
      printSummary(summary);
      if (values.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
      return summary.exitCode;
    });
  },
};

/**
 * The summary's first line. A finished run handled every file it found; an interrupted one says
 * how many of the input's DICOM files it reached (its counts are only of those).
 */
export function summaryHeadline(s: RunSummary): string {
  const c = s.counts;
  const tally = `${c.written} written, ${c.unchanged} already up to date, ${c.withheld} withheld, ${c.failed} failed`;
  const seconds = `${(s.durationMs / 1000).toFixed(1)} s`;
  if (s.interrupted) {
    const of = c.dicomFound === undefined ? 'before the scan of the input finished' : `of the ${c.dicomFound} in the input`;
    return `stopped early after ${seconds}: ${c.dicom} DICOM files handled ${of} (${tally}); the rest are done by running the same command again`;
  }
  return `de-identified ${c.dicom} DICOM files of ${c.files} in ${seconds}: ${tally}; ${c.notDicom} not DICOM, ${c.dicomdir} DICOMDIR skipped`;
}

function printSummary(s: RunSummary): void {
  const c = s.counts;
  const lines = [
    '',
    summaryHeadline(s),
    `${c.subjects} subjects, ${c.studies} studies -> ${s.output}`,
    `mapping CSV: ${s.mappingCsv}`,
    `report: ${s.report}`,
    ...s.notes.map((n) => `note: ${n}`),
  ];
  for (const c of s.conflicts ?? []) {
    lines.push(`${c.fails ? 'CONFLICT' : 'conflict'}: ${c.message}`);
    for (const f of c.files.slice(0, 20)) lines.push(`    ${f}`);
    if (c.files.length > 20) lines.push(`    ... and ${c.files.length - 20} more in the report`);
  }
  for (const v of s.valueChanges ?? []) lines.push(`header: ${v.rule} ${v.tag} ${v.keyword} in ${v.files} files`);
  const shown = s.problems.slice(0, 50);
  for (const p of shown) lines.push(`  ${p.status.toUpperCase()} ${p.path}: ${p.reason ?? ''}`);
  if (s.problems.length > shown.length) lines.push(`  ... and ${s.problems.length - shown.length} more in the report`);
  if (s.interrupted) lines.push('interrupted: run the same command again to resume');
  process.stderr.write(`${lines.join('\n')}\n`);
}
