/**
 * RFC 4180 CSV text, free of Node and DOM so the main process and the renderer write the same bytes.
 * Cells a spreadsheet would run as a formula are guarded with a leading `'` (OWASP "CSV injection").
 */

import { CodedError } from './codedError';

/** A value for one CSV cell; `null` and `undefined` become an empty cell. */
type CsvCell = string | number | null | undefined;

/** A record of a parsed CSV text with the 1-based line it starts on, for error messages. */
interface CsvRecord {
  line: number;
  fields: string[];
}

/** Why a CSV text could not be parsed; `line` is 1-based. */
export class CsvError extends CodedError<'CSV_PARSE'> {
  readonly line: number;

  constructor(message: string, line: number) {
    super('CSV_PARSE', `line ${line}: ${message}`);
    this.name = 'CsvError';
    this.line = line;
  }
}

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_GUARD = /^'[=+\-@\t\r]/;

/**
 * Escapes one cell: strings that a spreadsheet would evaluate get a `'` prefix, then any cell
 * holding a comma, quote, CR or LF is quoted with its quotes doubled. Numbers are written as-is:
 * their text form cannot hold a formula.
 */
export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? String(value) : value;
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Builds a CSV text: header then rows, every line ended by CRLF (RFC 4180). */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [header.map(csvField).join(',')];
  for (const row of rows) lines.push(row.map(csvField).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** Removes the `'` that {@link csvField} put before a value a spreadsheet would evaluate. */
export function unguardCsvField(value: string): string {
  return FORMULA_GUARD.test(value) ? value.slice(1) : value;
}

/**
 * Parses RFC 4180 text into records with their starting line: quoted fields (with doubled quotes
 * and embedded line breaks), CRLF, LF or CR line ends, and a leading byte-order mark. Empty lines
 * are skipped. Throws {@link CsvError} on an unterminated quote or text after a closing quote.
 */
export function parseCsvRecords(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let line = 1;
  let recordLine = 1;
  let fields: string[] = [];
  let field = '';
  // Distinguishes an empty line (skipped) from a line holding one empty quoted field.
  let recordHasContent = false;
  let i = 0;

  const endRecord = (): void => {
    if (recordHasContent || fields.length > 0 || field !== '') {
      fields.push(field);
      records.push({ line: recordLine, fields });
    }
    fields = [];
    field = '';
    recordHasContent = false;
  };

  while (i < src.length) {
    const ch = src[i];
    if (ch === '"' && field === '') {
      const quoteLine = line;
      recordHasContent = true;
      i++;
      for (;;) {
        if (i >= src.length) throw new CsvError('unterminated quoted field', quoteLine);
        const c = src[i];
        if (c === '"') {
          if (src[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\n' || (c === '\r' && src[i + 1] !== '\n')) line++;
        field += c;
        i++;
      }
      const next = src[i];
      if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') {
        throw new CsvError('unexpected text after a closing quote', line);
      }
      continue;
    }
    if (ch === ',') {
      fields.push(field);
      field = '';
      recordHasContent = true;
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && src[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    field += ch;
    i++;
  }
  endRecord();
  return records;
}

/** Parses RFC 4180 text into rows of fields; see {@link parseCsvRecords}. */
export function parseCsv(text: string): string[][] {
  return parseCsvRecords(text).map((r) => r.fields);
}
