/**
 * Field labels on patient banners (`Name:`, `ID:`, `DOB:`, `Pat ID`, `Acc #`): harmless words
 * themselves, but what follows them on the line is that field's value. A line that names the
 * patient is burned after its label; and after a label of a patient field nothing is explained as
 * harmless, however harmless it looks (`ID: 45` is an ID, not a scale mark).
 */
import type { LineToken } from './lineTokens';

/** Words labels are made of. */
const LABEL_WORDS = new Set([
  'NAME', 'PATIENT', 'PAT', 'PT', 'ID', 'MRN', 'PID', 'DOB', 'BIRTH', 'BIRTHDATE', 'BORN', 'DATE', 'OF', 'ACC',
  'ACCESSION', 'NO', 'NR', 'NUM', 'NUMBER', '#', 'SEX', 'AGE', 'STUDY', 'EXAM', 'TIME', 'HOSPITAL', 'INSTITUTION',
  'PHYSICIAN', 'REF', 'REFERRING', 'OPERATOR', 'PERFORMED', 'BY', 'ADDRESS',
]);
/** Label words that make a label name a patient field, whose value is never explained. */
const PATIENT_FIELD_WORDS = new Set([
  'NAME', 'PATIENT', 'PAT', 'PT', 'ID', 'MRN', 'PID', 'DOB', 'BIRTH', 'BIRTHDATE', 'BORN', 'DATE', 'ACC', 'ACCESSION',
  'TIME', 'HOSPITAL', 'INSTITUTION', 'PHYSICIAN', 'REF', 'REFERRING', 'OPERATOR', 'ADDRESS',
]);
/** Label words that are a label even without a colon (`ID 12345`). */
const BARE_LABELS = new Set(['NAME', 'ID', 'MRN', 'PID', 'DOB', 'PATIENT']);

/** The token as a label word (`Name:` -> `NAME`, `D.O.B.` -> `DOB`), or '' for a lone colon. */
function labelWord(token: LineToken): string {
  return token.normal.replace(/[.:]/g, '');
}

/** A field label found in a line: its tokens and whether it names a patient field. */
export interface FieldLabel {
  first: number;
  /** Index of the label's last token (a trailing lone `:` included). */
  last: number;
  patientField: boolean;
}

/**
 * Every field label of the line, left to right: a run of label words ending in a colon (on its
 * last word or as a token of its own), or a bare label word such as `ID`.
 */
export function findFieldLabels(tokens: readonly LineToken[]): FieldLabel[] {
  const labels: FieldLabel[] = [];
  let i = 0;
  while (i < tokens.length) {
    if (!LABEL_WORDS.has(labelWord(tokens[i]))) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < tokens.length && LABEL_WORDS.has(labelWord(tokens[j + 1])) && !tokens[j].text.endsWith(':')) j++;
    let last = j;
    let colon = tokens[j].text.endsWith(':');
    if (!colon && tokens[j + 1] && labelWord(tokens[j + 1]) === '' && tokens[j + 1].text.trim().startsWith(':')) {
      last = j + 1;
      colon = true;
    }
    const words = tokens.slice(i, j + 1).map(labelWord);
    if (colon || words.some((w) => BARE_LABELS.has(w))) {
      labels.push({ first: i, last, patientField: words.some((w) => PATIENT_FIELD_WORDS.has(w)) });
      i = last + 1;
    } else {
      i = j + 1;
    }
  }
  return labels;
}
