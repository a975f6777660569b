/**
 * The independent judges tests check our outputs against (never used at run time), and the one
 * rule for a missing judge: on a developer's machine the test that needs it is skipped; under
 * CI=true it fails, naming the package to install. A CI image that lost a judge must not pass with
 * the check silently gone. (Whether the shared corpus is present is a separate, optional matter.)
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Each judge and the Debian package that installs it (`.ci/run` installs them all). */
const JUDGE_PACKAGES = {
  chromium: 'chromium',
  dcmconv: 'dcmtk',
  dcmdjpeg: 'dcmtk',
  dcmdjpls: 'dcmtk',
  dcmdrle: 'dcmtk',
  dcmdump: 'dcmtk',
  dcmj2pnm: 'dcmtk',
  dsrdump: 'dcmtk',
  dciodvfy: 'dicom3tools',
  gdcmanon: 'libgdcm-tools',
  gdcmconv: 'libgdcm-tools',
  tesseract: 'tesseract-ocr',
} as const;

/** A judge's name (its program in /usr/bin). */
export type Judge = keyof typeof JUDGE_PACKAGES;

/** A judge a test needs is not installed where CI requires it. */
export class MissingJudgeError extends Error {
  readonly code = 'JUDGE_MISSING';
  constructor(judge: Judge, path: string) {
    super(`${judge} is missing (${path}): install Debian's ${JUDGE_PACKAGES[judge]} (tests under CI=true never skip an independent check)`);
    this.name = 'MissingJudgeError';
  }
}

/** The judge lookups, for a given environment and program folder. */
interface Judges {
  /** True when a test needing these judges is to be skipped: one is missing and CI is not set. */
  missing(...names: Judge[]): boolean;
  /** The judge's path; throws {@link MissingJudgeError} when it is not installed. */
  require(name: Judge): string;
  /** The judge's path, or undefined when it is missing outside CI; under CI a missing one throws. */
  optional(name: Judge): string | undefined;
}

/** Judge lookups in `dir` under `env` (tests of this module pass their own). */
export function createJudges(env: NodeJS.ProcessEnv, dir: string): Judges {
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI.toLowerCase() !== 'false';
  const pathOf = (name: Judge): string => join(dir, name);
  const require = (name: Judge): string => {
    const path = pathOf(name);
    if (!existsSync(path)) throw new MissingJudgeError(name, path);
    return path;
  };
  return {
    missing: (...names) => !ci && names.some((n) => !existsSync(pathOf(n))),
    require,
    optional: (name) => (ci || existsSync(pathOf(name)) ? require(name) : undefined),
  };
}

const judges = createJudges(process.env, '/usr/bin');

/** For `it.skipIf(judgeMissing('dcmdump'))`: skipped only outside CI. */
export const judgeMissing = judges.missing;
/** The path of a judge the test cannot do without (it fails, clearly, when missing). */
export const requireJudge = judges.require;
/** The path of a judge that adds a check to a test that runs anyway (required under CI). */
export const optionalJudge = judges.optional;
