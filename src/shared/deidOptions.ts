/**
 * De-identification options as coded by DICOM PS3.16 CID 7050 (De-identification Method),
 * the codes written into DeidentificationMethodCodeSequence and accepted by `--option`.
 */
export const DEID_OPTION_CODES = {
  '113100': 'Basic Application Confidentiality Profile',
  '113101': 'Clean Pixel Data Option',
  '113102': 'Clean Recognizable Visual Features Option',
  '113103': 'Clean Graphics Option',
  '113104': 'Clean Structured Content Option',
  '113105': 'Clean Descriptors Option',
  '113106': 'Retain Longitudinal Temporal Information Full Dates Option',
  '113107': 'Retain Longitudinal Temporal Information Modified Dates Option',
  '113108': 'Retain Patient Characteristics Option',
  '113109': 'Retain Device Identity Option',
  '113110': 'Retain UIDs Option',
  '113111': 'Retain Safe Private Option',
  '113112': 'Retain Institution Identity Option',
} as const;

/** A CID 7050 code value. */
export type DeidOptionCode = keyof typeof DEID_OPTION_CODES;

/** Options applied when the user names none: full dates for CT_date work, and patient characteristics. */
export const DEFAULT_OPTIONS: readonly DeidOptionCode[] = ['113106', '113108'];

/** True when `code` is a CID 7050 code value. */
export function isDeidOptionCode(code: string): code is DeidOptionCode {
  return Object.hasOwn(DEID_OPTION_CODES, code);
}

/**
 * Options this build applies. For the Retain options listed here every K entry of their Table E.1-1
 * column is honoured. Two C columns have cleaners: 113107 shifts every date by the subject's offset
 * (times kept), 113105 keeps descriptors once the PHI matcher has replaced what it flags. Other C
 * entries need a cleaner we do not have yet, so those attributes get the Basic Profile action
 * instead, which removes or blanks more than cleaning would: stricter, never leakier. 113101 (Clean Pixel Data) is applied to every image whose pixels were read and
 * cleaned, and recorded only on those: naming it changes nothing. 113103 (Clean Graphics) keeps
 * Overlay Data, its text boxes cleared; curves have no cleaner and are still removed.
 */
export const IMPLEMENTED_OPTIONS: ReadonlySet<DeidOptionCode> = new Set<DeidOptionCode>([
  '113100',
  '113101',
  '113103',
  '113105',
  '113106',
  '113107',
  '113108',
  '113109',
  '113110',
  '113112',
]);
