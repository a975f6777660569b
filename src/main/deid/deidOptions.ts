import { DEFAULT_OPTIONS, DEID_OPTION_CODES, IMPLEMENTED_OPTIONS, isDeidOptionCode } from '../../shared/deidOptions';
import type { DeidOptionCode } from '../../shared/deidOptions';
import { err, ok } from '../../shared/result';
import type { Result } from '../../shared/result';
import type { ProfileOptionColumn } from './profile.generated';

const BASIC_PROFILE: DeidOptionCode = '113100';

// PS3.15 E.3.6: full dates and modified dates are alternatives, not a combination.
const CONFLICTS: readonly (readonly [DeidOptionCode, DeidOptionCode])[] = [['113106', '113107']];

const OPTION_COLUMNS: Readonly<Partial<Record<DeidOptionCode, ProfileOptionColumn>>> = {
  '113111': 'rtnSafePrivOpt',
  '113110': 'rtnUIDsOpt',
  '113109': 'rtnDevIdOpt',
  '113112': 'rtnInstIdOpt',
  '113108': 'rtnPatCharsOpt',
  '113106': 'rtnLongFullDatesOpt',
  '113107': 'rtnLongModifDatesOpt',
  '113105': 'cleanDescOpt',
  '113104': 'cleanStructContOpt',
  '113103': 'cleanGraphOpt',
};

/** `113106 (Retain Longitudinal Temporal Information Full Dates Option)`, for messages. */
function describe(code: DeidOptionCode): string {
  return `${code} (${DEID_OPTION_CODES[code]})`;
}

/**
 * Resolves `--option` arguments into the options to apply. Starts from the Basic Profile (113100) plus
 * DEFAULT_OPTIONS; `CODE` adds an option and `-CODE` removes one (removing one that is not active is
 * allowed). Fails with OPTION_UNKNOWN for anything that is not a CID 7050 code, OPTION_REQUIRED for
 * `-113100`, OPTION_NOT_IMPLEMENTED for a code outside `implemented`, and OPTION_CONFLICT for mutually
 * exclusive options. The result is sorted and unique.
 */
export function resolveOptionArgs(
  args: readonly string[],
  implemented: ReadonlySet<DeidOptionCode> = IMPLEMENTED_OPTIONS,
): Result<DeidOptionCode[]> {
  const active = new Set<DeidOptionCode>([BASIC_PROFILE, ...DEFAULT_OPTIONS]);
  for (const arg of args) {
    const text = arg.trim();
    const remove = text.startsWith('-');
    const code = remove ? text.slice(1) : text;
    if (!isDeidOptionCode(code)) {
      return err({
        code: 'OPTION_UNKNOWN',
        message: `unknown de-identification option "${arg}": expected a CID 7050 code such as 113106, or -CODE to remove one`,
      });
    }
    if (!remove) {
      active.add(code);
    } else if (code === BASIC_PROFILE) {
      return err({
        code: 'OPTION_REQUIRED',
        message: `option ${describe(code)} cannot be removed: every other option builds on it`,
      });
    } else {
      active.delete(code);
    }
  }
  const codes = [...active].sort();
  for (const code of codes) {
    if (!implemented.has(code)) {
      return err({ code: 'OPTION_NOT_IMPLEMENTED', message: `option ${describe(code)} is not implemented yet` });
    }
  }
  for (const [a, b] of CONFLICTS) {
    if (active.has(a) && active.has(b)) {
      return err({
        code: 'OPTION_CONFLICT',
        message: `options ${describe(a)} and ${describe(b)} cannot be combined; remove one with -${a} or -${b}`,
      });
    }
  }
  return ok(codes);
}

/** The Table E.1-1 column an option changes, or undefined for options without one (113100–113102). */
export function optionColumn(code: DeidOptionCode): ProfileOptionColumn | undefined {
  return OPTION_COLUMNS[code];
}
