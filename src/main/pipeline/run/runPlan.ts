/**
 * The one run plan: what a de-identification run will do, built by one function the CLI and the
 * app both call, before any work: the project and its options (only options this build
 * implements), where the mapping CSV and the report go, whether pixels are cleaned, and the
 * checks that keep outputs, inputs and patient-linking files apart.
 */
import { dirname, join, resolve } from 'node:path';
import { CodedError } from '../../../shared/codedError';
import { DEID_OPTION_CODES, IMPLEMENTED_OPTIONS, type DeidOptionCode } from '../../../shared/deidOptions';
import type { AppDatabase } from '../../db/database';
import { keyFileOf } from '../../files/keyFile';
import { projectSecret } from '../../db/projectSecrets';
import { findProject, getOrCreateProject, projectNameProblem, type Project } from '../../db/projectsRepo';
import { isInsidePath } from '../../files/realPath';
import { spoolFolderOf } from '../../files/spoolFolder';
import { resolveOptionArgs } from '../../deid/deidOptions';
import type { IdentityPolicy } from '../scan/subjectAssignment';

/** What the caller asks for (the CLI's flags, or an app job's stored inputs). */
export interface RunRequest {
  input: string;
  output: string;
  /** Project name; default `default` (created on first use). */
  project?: string;
  /** `--option` arguments (`CODE` or `-CODE`); absent or empty: the project's own options. */
  optionArgs?: readonly string[];
  /** The mapping CSV; default `<project>-mapping.csv` beside the database. */
  mappingCsv?: string;
  allowUncleaned?: boolean;
  overwrite?: boolean;
  /** Propose every text box found in the pixels (`--redact-all-text`). */
  redactAllText?: boolean;
  /**
   * Pixels are read, burned and verified (OCR engines are available). Without it every image
   * whose pixels need cleaning is withheld.
   */
  pixelCleaning: boolean;
  /** Worker threads; default one per core; 0 runs inline. */
  workers?: number;
  /** A study with two patients (`--identity-conflict`); default `fail`. */
  identityConflict?: IdentityPolicy;
  /** Record an earlier CT date found for a study already recorded (`--refreeze-dates`). */
  refreezeDates?: boolean;
}

/** A checked plan: everything the run needs, resolved. */
export interface RunPlan {
  input: string;
  output: string;
  project: Project;
  /** The project's keyed-hash secret, from the key file (a run without it does not start). */
  secret: Buffer;
  options: DeidOptionCode[];
  mappingCsv: string;
  reportDir: string;
  allowUncleaned: boolean;
  overwrite: boolean;
  redactAllText: boolean;
  pixelCleaning: boolean;
  workers: number | undefined;
  identityConflict: IdentityPolicy;
  refreezeDates: boolean;
}

/** Codes of {@link RunSetupError}. */
type RunSetupErrorCode =
  | 'OPTION_UNKNOWN'
  | 'OPTION_REQUIRED'
  | 'OPTION_NOT_IMPLEMENTED'
  | 'OPTION_CONFLICT'
  | 'OUT_INSIDE_INPUT'
  | 'INPUT_INSIDE_OUT'
  | 'REPORT_INSIDE_OUT'
  | 'REPORT_INSIDE_INPUT'
  | 'PROJECT_NAME'
  /** Another live run holds the project or the output folder. */
  | 'RUN_IN_PROGRESS';

/** A request that cannot run, found before any work (the CLI's exit code 1). */
export class RunSetupError extends CodedError<RunSetupErrorCode> {
  constructor(code: RunSetupErrorCode, message: string) {
    super(code, message);
    this.name = 'RunSetupError';
  }
}

/**
 * Checks `request` and resolves it into a plan. Throws {@link RunSetupError} for options that are
 * unknown, not implemented or in conflict, and for layouts that would leak input paths into the
 * output, re-read our own output, or put the database, mapping or reports inside the output.
 */
export function planRun(db: AppDatabase, request: RunRequest): RunPlan {
  const args = request.optionArgs ?? [];
  let requested: DeidOptionCode[] | undefined;
  if (args.length) {
    const resolved = resolveOptionArgs(args);
    if (!resolved.ok) throw new RunSetupError(resolved.error.code as RunSetupErrorCode, resolved.error.message);
    requested = resolved.value;
  }
  const name = (request.project ?? 'default').trim();
  const badName = projectNameProblem(name);
  if (badName) {
    const existing = findProject(db, name) ? '; a project of that name from an earlier version can no longer run: create one with a valid name and move its subjects with export-mapping and import-mapping' : '';
    throw new RunSetupError('PROJECT_NAME', `${badName}${existing}`);
  }
  const project = getOrCreateProject(db, name, requested ? { options: requested } : {});
  const options = requested ?? project.options;
  const missing = options.filter((c) => !IMPLEMENTED_OPTIONS.has(c));
  if (missing.length) {
    throw new RunSetupError('OPTION_NOT_IMPLEMENTED', `project ${project.name} uses options not implemented yet: ${missing.map((c) => `${c} (${DEID_OPTION_CODES[c]})`).join(', ')}`);
  }
  const dbDir = dirname(db.file);
  // Before any work: a missing or wrong key file stops the run (KEY_MISSING, KEY_MISMATCH).
  const secret = projectSecret(db, project);
  const plan: RunPlan = {
    input: resolve(request.input),
    output: resolve(request.output),
    project,
    secret,
    options,
    mappingCsv: resolve(request.mappingCsv ?? join(dbDir, `${project.name}-mapping.csv`)),
    reportDir: join(dbDir, 'reports'),
    allowUncleaned: request.allowUncleaned === true,
    overwrite: request.overwrite === true,
    redactAllText: request.redactAllText === true,
    pixelCleaning: request.pixelCleaning,
    workers: request.workers,
    identityConflict: request.identityConflict ?? 'fail',
    refreezeDates: request.refreezeDates === true,
  };
  checkPaths(plan.input, plan.output, [db.file, keyFileOf(db.file), plan.mappingCsv, plan.reportDir]);
  return plan;
}

/**
 * Refuses layouts that would leak input paths into the output or re-read our own output: real
 * paths compared (symbolic links resolved, case-insensitively on Windows and macOS), so a link
 * cannot put the output inside the input, or the database, mapping or reports inside either tree.
 */
function checkPaths(input: string, output: string, besideDb: readonly string[]): void {
  if (isInsidePath(input, output)) throw new RunSetupError('OUT_INSIDE_INPUT', `output folder ${output} is inside the input folder ${input}`);
  if (isInsidePath(output, input)) throw new RunSetupError('INPUT_INSIDE_OUT', `input folder ${input} is inside the output folder ${output}`);
  const spool = spoolFolderOf(output);
  if (isInsidePath(spool, input) || isInsidePath(input, spool)) {
    throw new RunSetupError('OUT_INSIDE_INPUT', `the run's temporary folder ${spool} would overlap the input folder ${input}`);
  }
  for (const p of besideDb) {
    if (isInsidePath(output, p) || isInsidePath(spool, p)) {
      throw new RunSetupError('REPORT_INSIDE_OUT', `${p} would be written inside the output folder; reports and the mapping name patients and input paths`);
    }
    if (isInsidePath(input, p)) {
      throw new RunSetupError('REPORT_INSIDE_INPUT', `${p} would be written inside the input folder ${input}, and read back as input; keep the database, the mapping and the reports outside both trees`);
    }
  }
}
