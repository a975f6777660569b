/**
 * The first line of every export that carries text read from images or typed by reviewers (the
 * box-text and audit CSVs): logs and run reports never hold that text, these files do, and say so.
 */
const PHI_NOTICE = '# PHI: this file holds text read from images, which can name patients. Keep it inside the hospital, never with de-identified output.';

/** `csv` with the {@link PHI_NOTICE} as its first line. */
export function withPhiNotice(csv: string): string {
  return `${PHI_NOTICE}\r\n${csv}`;
}
