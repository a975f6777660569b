/**
 * The fixed value written for Table E.1-1 action D ("replace with a non-zero length dummy value
 * consistent with the VR"), as the text to encode: numbers as their decimal text, and '0' for the
 * binary numeric VRs (US, SS, UL, SL, FL, FD, SV, UV), meaning numeric zero.
 *
 * Returns null where no dummy makes sense and the element is written empty instead: SQ (a dummied
 * sequence keeps no items), bulk and binary VRs (OB, OW, OD, OF, OL, OV, UN), AT, UI (UIDs are never
 * dummied: the caller remaps them so references stay consistent), and any VR this table does not know.
 * UR gets '' (empty) because no URL is harmless.
 */
export function dummyValue(vr: string): string | null {
  switch (vr) {
    case 'PN':
      return 'ANONYMOUS';
    case 'DA':
      return '19000101';
    case 'TM':
      return '000000';
    case 'DT':
      return '19000101000000';
    case 'AS':
      return '000D';
    case 'AE':
    case 'CS':
    case 'LO':
    case 'LT':
    case 'SH':
    case 'ST':
    case 'UC':
    case 'UT':
      return 'ANON';
    case 'UR':
      return '';
    case 'IS':
    case 'DS':
    case 'US':
    case 'SS':
    case 'UL':
    case 'SL':
    case 'FL':
    case 'FD':
    case 'SV':
    case 'UV':
      return '0';
    default:
      return null;
  }
}
