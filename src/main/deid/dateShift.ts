/**
 * Date shifting for option 113107 (Retain Longitudinal Temporal Information, Modified Dates): every
 * date of a subject moves by the same whole number of days, so intervals and times of day stay as
 * they were and no real date is written.
 */

const DAY_MS = 86_400_000;

/** `YYYYMMDD` (or the ACR-NEMA `YYYY.MM.DD`) shifted by `days`; null when it is not a real date. */
export function shiftDate(value: string, days: number): string | null {
  const m = /^(\d{4})[.]?(\d{2})[.]?(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const check = new Date(t);
  // Date.UTC rolls 20240230 over to March: such a value is not a date, so it is not shifted.
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  const shifted = new Date(t + days * DAY_MS);
  const year = shifted.getUTCFullYear();
  if (year < 1 || year > 9999) return null;
  return `${String(year).padStart(4, '0')}${String(shifted.getUTCMonth() + 1).padStart(2, '0')}${String(shifted.getUTCDate()).padStart(2, '0')}`;
}

/** A DT value with its date part shifted by `days` (time, fraction and UTC offset kept); null when it has no full date. */
function shiftDateTime(value: string, days: number): string | null {
  const m = /^(\d{8})(\d{0,6}(?:\.\d{1,6})?(?:[+-]\d{4})?)\s*$/.exec(value.trim());
  if (!m) return null;
  const date = shiftDate(m[1], days);
  return date === null ? null : `${date}${m[2]}`;
}

/** Every value of a multi-valued DA or DT shifted, or null when any value cannot be shifted (the caller removes it). */
export function shiftDateValues(text: string, vr: 'DA' | 'DT', days: number): string | null {
  const out: string[] = [];
  for (const v of text.split('\\')) {
    if (v.trim() === '') {
      out.push('');
      continue;
    }
    const shifted = vr === 'DA' ? shiftDate(v, days) : shiftDateTime(v, days);
    if (shifted === null) return null;
    out.push(shifted);
  }
  return out.join('\\');
}
