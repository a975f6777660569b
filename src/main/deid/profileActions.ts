import type { DeidOptionCode } from '../../shared/deidOptions';
import { dictionaryVr, keywordOf } from '../dicom/dictionary';
import { optionColumn } from './deidOptions';
import { RECOVERABLE_ORIGINALS } from './recoverableOriginals';
import { PROFILE_ROWS } from './profile.generated';
import type { BasicProfileAction, ProfileOptionColumn, ProfileRow } from './profile.generated';

/**
 * What happens to one data element:
 * - keep: written unchanged;
 * - remove: not written;
 * - empty: written with a zero-length value;
 * - dummy: value replaced by the fixed dummy of its VR (see dummyValues.ts);
 * - remapUid: each UID replaced by its keyed remapping (see uidRemap.ts);
 * - keepRemapInside: a sequence kept whole, with the UIDs of its items remapped (X/Z/U*).
 */
export type ElementAction = 'keep' | 'remove' | 'empty' | 'dummy' | 'remapUid' | 'keepRemapInside';

/** An element's action and the rule that chose it, recorded in the audit trail. */
export interface ResolvedAction {
  readonly action: ElementAction;
  /** E.g. 'E.1-1 Z', 'E.1-1 X/Z→Z', 'option 113106 K', 'private', 'group length', 'curve/overlay group'. */
  readonly rule: string;
  /** The table allows X (removal) too: a compound code starting with X. */
  readonly removable?: boolean;
  /**
   * Kept only once the value is cleaned (see valueRules.ts): `date` shifted by the subject's offset
   * (113107), `text` checked by the PHI matcher (113105). A writer without value rules applies
   * `fallback`, the Basic Profile action, instead.
   */
  readonly clean?: 'date' | 'text';
  readonly fallback?: ResolvedAction;
}

/**
 * A compound code leaves the choice to the de-identifier. We take the least destructive choice that
 * keeps the file valid: Z over X, because a Type 2 attribute must stay present; D over X and Z, because
 * the attribute may be Type 1 in its module and an empty value would make the file invalid.
 */
const BASIC_ACTIONS: Readonly<Record<BasicProfileAction, { action: ElementAction; chosen: string }>> = {
  D: { action: 'dummy', chosen: 'D' },
  Z: { action: 'empty', chosen: 'Z' },
  X: { action: 'remove', chosen: 'X' },
  U: { action: 'remapUid', chosen: 'U' },
  'Z/D': { action: 'dummy', chosen: 'D' },
  'X/Z': { action: 'empty', chosen: 'Z' },
  'X/D': { action: 'dummy', chosen: 'D' },
  'X/Z/D': { action: 'dummy', chosen: 'D' },
  'X/Z/U*': { action: 'keepRemapInside', chosen: 'U*' },
};

/** The rule of a tag the generated dictionary does not know: removed and listed in the report. */
export const UNKNOWN_TAG_RULE = 'unknown to the dictionary';
const UNKNOWN_TAG: ResolvedAction = Object.freeze({ action: 'remove', rule: UNKNOWN_TAG_RULE });
const GROUP_LENGTH: ResolvedAction = Object.freeze({ action: 'remove', rule: 'group length' });
const CURVE_OVERLAY: ResolvedAction = Object.freeze({ action: 'remove', rule: 'curve/overlay group' });
const OVERLAY_CLEANED: ResolvedAction = Object.freeze({ action: 'keep', rule: 'option 113103 C: overlay text boxes cleared in the pixels' });
const OVERLAY_KEPT: ResolvedAction = Object.freeze({ action: 'keep', rule: 'option 113103: overlay attribute kept with its data' });
const OVERLAY_TEXT: ResolvedAction = Object.freeze({ action: 'remove', rule: 'option 113103: free-text overlay attribute, no cleaner' });
/** Overlay Description, Overlay Label, Overlay Comments: free text that no cleaner reads. */
const OVERLAY_TEXT_ELEMENTS: ReadonlySet<number> = new Set([0x0022, 0x1500, 0x4000]);
const ORIGINALS: ResolvedAction = Object.freeze({ action: 'remove', rule: 'recoverable originals (encrypted, original attributes, signatures)' });
/** Text VRs a descriptor cleaner can read. */
const CLEANABLE_TEXT_VRS: ReadonlySet<string> = new Set(['LO', 'LT', 'SH', 'ST', 'UC', 'UT', 'PN']);

interface ActiveColumn {
  readonly code: DeidOptionCode;
  readonly column: ProfileOptionColumn;
}

interface WildcardRow {
  readonly mask: number;
  readonly value: number;
  readonly resolved: ResolvedAction;
}

function basicAction(basic: BasicProfileAction): ResolvedAction {
  const { action, chosen } = BASIC_ACTIONS[basic];
  const rule = chosen === basic ? `E.1-1 ${basic}` : `E.1-1 ${basic}→${chosen}`;
  return basic.startsWith('X/') ? { action, rule, removable: true } : { action, rule };
}

/**
 * The action for a row under the active options. A K from any active option keeps the attribute. A C
 * calls for a cleaner: 113107 shifts dates (times and time zones are kept: a shift by whole days
 * leaves them true), 113105 keeps descriptors the PHI matcher passes and sequences whose items are
 * de-identified attribute by attribute. Any other C has no cleaner: the Basic Profile action
 * applies, which is stricter, and the rule says so.
 */
function resolveRow(row: ProfileRow, active: readonly ActiveColumn[]): ResolvedAction {
  const keeper = active.find(({ column }) => row.options[column] === 'K');
  if (keeper) return Object.freeze({ action: 'keep', rule: `option ${keeper.code} K` });
  const basic = Object.freeze(basicAction(row.basic));
  const vr = row.tag.includes('X') ? 'UN' : dictionaryVr(Number.parseInt(row.tag, 16));
  for (const cleaner of active.filter(({ column }) => row.options[column] === 'C')) {
    if (cleaner.column === 'rtnLongModifDatesOpt') {
      if (vr === 'DA' || vr === 'DT') return Object.freeze({ action: 'keep', rule: `option ${cleaner.code} C: date shifted`, clean: 'date', fallback: basic });
      if (vr === 'TM' || vr === 'SH') return Object.freeze({ action: 'keep', rule: `option ${cleaner.code} C: time kept, dates shifted by whole days` });
    }
    if (cleaner.column === 'cleanDescOpt') {
      if (CLEANABLE_TEXT_VRS.has(vr)) return Object.freeze({ action: 'keep', rule: `option ${cleaner.code} C: PHI matcher`, clean: 'text', fallback: basic });
      if (vr === 'SQ') return Object.freeze({ action: 'keep', rule: `option ${cleaner.code} C: items de-identified attribute by attribute` });
    }
  }
  const cleaner = active.find(({ column }) => row.options[column] === 'C');
  if (cleaner) return Object.freeze({ ...basic, rule: `${basic.rule}; option ${cleaner.code} C: no cleaner, basic action` });
  return basic;
}

/** Mask and value matching a tag pattern such as '60XX3000' ('X' matches any hex digit). */
function tagPattern(tag: string): { mask: number; value: number } {
  let mask = 0;
  let value = 0;
  for (const ch of tag) {
    const wild = ch === 'X';
    mask = mask * 16 + (wild ? 0 : 0xf);
    value = value * 16 + (wild ? 0 : Number.parseInt(ch, 16));
  }
  return { mask, value };
}

/** Repeating groups of curves (50xx) and overlays (60xx): even groups 0x00–0x1E of the range. */
function isCurveOrOverlayGroup(group: number): boolean {
  const base = group & 0xff00;
  return (base === 0x5000 || base === 0x6000) && (group & 0xff) <= 0x1e && (group & 1) === 0;
}

/**
 * Builds the function that says what to do with each element under `options` (CID 7050 codes, as
 * returned by resolveOptionArgs; K entries of every given option are honoured). The function takes the
 * tag as `(group << 16 | element) >>> 0` and returns undefined for attributes the profile leaves alone
 * (standard attributes outside Table E.1-1, and the file meta group, which the writer rebuilds);
 * tags unknown to the generated dictionary are removed ({@link UNKNOWN_TAG_RULE}).
 *
 * Beyond the table: private attributes (odd groups, private creators included) are removed; group
 * lengths are removed in every group (the writer computes the ones it needs); and whole curve and
 * overlay groups are removed, since the table removes Curve Data, Overlay Data and Overlay Comments
 * and the remaining overlay attributes (rows, origin, ...) mean nothing without them. With 113103
 * (Clean Graphics) overlay groups are kept: Overlay Data is cleaned by the pixel redaction (whose
 * writer drops any overlay it could not clean), their free-text attributes are removed.
 */
export function createActionResolver(options: readonly DeidOptionCode[]): (tag: number) => ResolvedAction | undefined {
  const active: ActiveColumn[] = [];
  for (const code of [...new Set(options)].sort()) {
    const column = optionColumn(code);
    if (column) active.push({ code, column });
  }

  const exact = new Map<number, ResolvedAction>();
  const wildcards: WildcardRow[] = [];
  for (const row of PROFILE_ROWS) {
    const resolved = resolveRow(row, active);
    if (row.tag.includes('X')) wildcards.push({ ...tagPattern(row.tag), resolved });
    else exact.set(Number.parseInt(row.tag, 16), resolved);
  }

  // The private-attributes row (Basic X, Retain Safe Private C) is not in PROFILE_ROWS; no safe-private
  // list exists yet, so 113111 cannot keep anything and only changes the recorded rule.
  const safePrivate = active.find(({ column }) => column === 'rtnSafePrivOpt');
  const privateAction: ResolvedAction = Object.freeze({
    action: 'remove',
    rule: safePrivate ? `private; option ${safePrivate.code} C: no cleaner, basic action` : 'private',
  });

  const cleanGraphics = active.some(({ column }) => column === 'cleanGraphOpt');

  return (tag: number): ResolvedAction | undefined => {
    const group = tag >>> 16;
    if ((tag & 0xffff) === 0) return GROUP_LENGTH;
    if (group & 1) return privateAction;
    if (group === 0x0002) return undefined;
    if (RECOVERABLE_ORIGINALS.has(tag)) return ORIGINALS;
    if (cleanGraphics && (group & 0xff00) === 0x6000 && isCurveOrOverlayGroup(group)) {
      const element = tag & 0xffff;
      if (element === 0x3000) return OVERLAY_CLEANED;
      return OVERLAY_TEXT_ELEMENTS.has(element) ? OVERLAY_TEXT : OVERLAY_KEPT;
    }
    const found = exact.get(tag);
    if (found) return found;
    for (const w of wildcards) {
      if (((tag & w.mask) >>> 0) === w.value) return w.resolved;
    }
    if (isCurveOrOverlayGroup(group)) return CURVE_OVERLAY;
    // Fail closed: what the dictionary does not know, nobody has checked ("undefined means keep" is
    // how 33 fuzzed files kept a patient's name, e.g. an unknown tag in group 0010).
    return keywordOf(tag) === 'Unknown' ? UNKNOWN_TAG : undefined;
  };
}
