/**
 * What an error code means, in words a reviewer can act on. A toast leads with these words and
 * ends with the code (for a bug report), so no one is ever shown a bare `OUT_INSIDE_INPUT`.
 */

/** The sentence shown before the main process's own message, for the codes a reviewer can meet. */
const WORDS: Readonly<Record<string, string>> = {
  TRANSPORT: 'The server did not answer (is `deid-studio serve` still running?)',
  OUT_INSIDE_INPUT: 'That output folder is inside the study folder; pick a folder outside it',
  INPUT_INSIDE_OUT: 'That output folder holds the study folder; pick a folder outside it',
  REPORT_INSIDE_OUT: 'That output folder would hold the database, the mapping or the reports; pick another',
  REPORT_INSIDE_INPUT: 'The database, the mapping or the reports would be inside the study folder',
  EXPORT_INSIDE_OUTPUT: 'Exports name patients: they are never written inside a study or output folder',
  NO_REVIEWER: 'Give your name first: every decision records who made it',
  NO_FOLDER: 'Open a study folder first',
  JOB_RUNNING: 'A job is still running on this folder; wait for it or cancel it',
  DIALOG_UNAVAILABLE: 'No file dialog in browser mode; use the folder picker',
  UNAVAILABLE: 'Not available in this session',
  NOT_FOUND: 'Not found (the page may be out of date: reload it)',
  RECT_READ_ONLY: 'OCR boxes are not edited: reject it (R) to keep its text, or approve it (A) to burn it',
  BOX_OUTSIDE: 'The box lies outside the image',
  KEY_MISSING: "The project's key file is missing",
  KEY_MISMATCH: "The project's key file does not match this database",
  OPTION_NOT_IMPLEMENTED: 'The project asks for an option this build does not implement',
  IDENTITY_CONFLICT: 'One study holds files of two patients',
  INVALID_REQUEST: 'The request was refused',
  INTERNAL: 'Something went wrong inside the app',
};

/**
 * One line for an error: words first, the code last. The words are the code's sentence (when it
 * has one) followed by the message, or the message alone; a message that is only the code is
 * never shown as the words.
 */
export function errorLine(code: string, message: string): string {
  const lead = WORDS[code];
  const detail = message.trim() === code ? '' : message.trim();
  const words = lead === undefined ? detail || 'Something went wrong' : detail === '' ? lead : `${lead}: ${detail}`;
  return `${words} (${code})`;
}
