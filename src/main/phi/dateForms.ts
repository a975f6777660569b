/** The ways a DICOM date (DA, YYYYMMDD) is printed on modality screens and film labels. */

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
/** English month names in full, as `dateForms` prints them. */
export const MONTH_NAMES = [
  'JANUARY',
  'FEBRUARY',
  'MARCH',
  'APRIL',
  'MAY',
  'JUNE',
  'JULY',
  'AUGUST',
  'SEPTEMBER',
  'OCTOBER',
  'NOVEMBER',
  'DECEMBER',
];

/**
 * Month-name stems recognised in date-like text: English, German and French abbreviations, as
 * they appear after accent stripping (MÄR -> MAR, FÉV -> FEV, AOÛT -> AOUT).
 */
export const MONTH_STEMS = [
  ...MONTHS,
  'SEPT',
  'MRZ',
  'MAER',
  'MAI',
  'OKT',
  'DEZ',
  'JANV',
  'FEV',
  'FEVR',
  'AVR',
  'JUIN',
  'JUIL',
  'AOUT',
];

/** Splits a DA value into parts; accepts the old ACR-NEMA `YYYY.MM.DD` too. Null when not a date. */
export function parseDa(value: string): { year: string; month: number; day: number } | null {
  const digits = value.trim().replace(/[.\-/]/g, '');
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(digits);
  if (!m) return null;
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return { year: m[1], month, day };
}

/**
 * Printed forms of one DA value, e.g. for 19940130: `19940130`, `1994-01-30`, `1994/01/30`,
 * `30/01/1994`, `01/30/1994`, `30.01.1994`, `94/01/30`, `30-01-94`, `30 JAN 94`, `30 Jan 94`,
 * `30-JAN-94`, `30-Jan-1994`, `Jan 30, 1994`, `30 January 1994`, and unpadded `1/30/1994`.
 * Empty for a value that is not a date.
 */
export function dateForms(da: string): string[] {
  const parsed = parseDa(da);
  if (!parsed) return [];
  const Y = parsed.year;
  const y = Y.slice(2);
  const M = String(parsed.month).padStart(2, '0');
  const D = String(parsed.day).padStart(2, '0');
  const m = String(parsed.month);
  const d = String(parsed.day);
  const MON = MONTHS[parsed.month - 1];
  const Mon = MON[0] + MON.slice(1).toLowerCase();
  const MONTH = MONTH_NAMES[parsed.month - 1];
  const Month = MONTH[0] + MONTH.slice(1).toLowerCase();
  const forms = [
    `${Y}${M}${D}`,
    `${Y}-${M}-${D}`,
    `${Y}/${M}/${D}`,
    `${Y}.${M}.${D}`,
    `${D}/${M}/${Y}`,
    `${M}/${D}/${Y}`,
    `${D}.${M}.${Y}`,
    `${D}-${M}-${Y}`,
    `${y}/${M}/${D}`,
    `${D}-${M}-${y}`,
    `${D}/${M}/${y}`,
    `${M}/${D}/${y}`,
    `${D}.${M}.${y}`,
    `${d}/${m}/${Y}`,
    `${m}/${d}/${Y}`,
    `${d}.${m}.${Y}`,
    `${D} ${MON} ${y}`,
    `${D} ${Mon} ${y}`,
    `${D}-${MON}-${y}`,
    `${D}-${Mon}-${Y}`,
    `${D} ${MON} ${Y}`,
    `${d} ${Mon} ${Y}`,
    `${Mon} ${D}, ${Y}`,
    `${Mon} ${d}, ${Y}`,
    `${Y}-${MON}-${D}`,
    `${D} ${Month} ${Y}`,
    `${Month} ${d}, ${Y}`,
  ];
  return [...new Set(forms)];
}
