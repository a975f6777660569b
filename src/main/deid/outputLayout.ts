import { createHash } from 'node:crypto';
import { join } from 'node:path';

/** What the output path of one file is built from (all values already de-identified). */
interface LayoutInput {
  subjectId: string;
  ctDate: string;
  studyUid: string;
  seriesUid: string;
  sopInstanceUid: string;
  seriesNumber?: string | null;
  modality?: string | null;
  instanceNumber?: string | null;
}

/** A short, deterministic, non-identifying tag of a (new) UID. */
function shortHash(uid: string): string {
  return createHash('sha256').update(uid).digest('hex').slice(0, 8);
}

function token(value: string | null | undefined, fallback: string): string {
  const cleaned = (value ?? '').trim().replace(/[^A-Za-z0-9.+-]/g, '');
  return cleaned === '' ? fallback : cleaned.slice(0, 16);
}

/**
 * The fixed output layout, relative to `<out>`:
 * `<subj>/<CT_date>_<s>/<SeriesNumber>_<Modality>_<r>/<InstanceNumber>_<i>.dcm`,
 * where s, r and i are short hashes of the new Study, Series and SOP Instance UIDs and CT_date is
 * the date as the output writes it (see writtenDate.ts): with dates removed the study folder is
 * `<s>` alone.
 */
export function outputRelativePath(x: LayoutInput): string {
  return join(
    x.subjectId,
    x.ctDate ? `${x.ctDate}_${shortHash(x.studyUid)}` : shortHash(x.studyUid),
    `${token(x.seriesNumber, '0')}_${token(x.modality, 'OT')}_${shortHash(x.seriesUid)}`,
    `${token(x.instanceNumber, '0')}_${shortHash(x.sopInstanceUid)}.dcm`,
  );
}
