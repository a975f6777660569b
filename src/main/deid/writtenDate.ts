import type { DeidOptionCode } from '../../shared/deidOptions';
import { shiftDate } from './dateShift';

/**
 * CT_date as the output writes it, for PatientName and folder names: the real date when full dates
 * are retained (113106), the date shifted by the subject's offset under 113107, and '' when dates
 * are removed (or the study has none), so no name or path carries a date the header does not.
 */
export function writtenCtDate(ctDate: string, options: readonly DeidOptionCode[], dateOffsetDays: number | undefined): string {
  if (!ctDate) return '';
  if (options.includes('113106')) return ctDate;
  if (options.includes('113107') && dateOffsetDays !== undefined) return shiftDate(ctDate, dateOffsetDays) ?? '';
  return '';
}

/** `<subj>_<written CT_date>`, or `<subj>` alone when no date is written. */
export function honestPatientName(subjectId: string, writtenDate: string): string {
  return writtenDate ? `${subjectId}_${writtenDate}` : subjectId;
}
