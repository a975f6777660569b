import { describe, expect, it } from 'vitest';
import { CsvError, csvField, parseCsv, parseCsvRecords, toCsv, unguardCsvField } from './csv';

describe('toCsv', () => {
  it('writes CRLF lines and quotes fields holding comma, quote, CR or LF', () => {
    const text = toCsv(['a', 'b'], [
      ['plain', 'with,comma'],
      ['say "hi"', 'two\nlines'],
      ['cr\rhere', null],
      [undefined, 42],
    ]);
    expect(text).toBe('a,b\r\nplain,"with,comma"\r\n"say ""hi""","two\nlines"\r\n"cr\rhere",\r\n,42\r\n');
  });

  it('guards cells a spreadsheet would evaluate, but not numbers', () => {
    expect(csvField('=1+2')).toBe("'=1+2");
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-1')).toBe("'-1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tx')).toBe("'\tx");
    expect(csvField('\rx')).toBe(`"'\rx"`);
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField(-5)).toBe('-5');
    expect(csvField('SUBJ-00001')).toBe('SUBJ-00001');
    expect(csvField('a=b')).toBe('a=b');
  });
});

describe('parseCsv', () => {
  it('round-trips what toCsv writes, guard removed by unguardCsvField', () => {
    const rows = [
      ['SUBJ-00001', '=cmd|/c calc', '20240101'],
      ['x,y', 'say "hi"', 'multi\r\nline'],
      ['', '-12', '@me'],
      ['ünïcødé 患者', '\ttab', '+'],
    ];
    const parsed = parseCsv(toCsv(['subj', 'MRN', 'CT_date'], rows));
    expect(parsed[0]).toEqual(['subj', 'MRN', 'CT_date']);
    expect(parsed.slice(1).map((r) => r.map(unguardCsvField))).toEqual(rows);
  });

  it('accepts LF and CR line ends, a BOM, a missing final newline, and skips empty lines', () => {
    expect(parseCsv('\uFEFFa,b\nc,d')).toEqual([['a', 'b'], ['c', 'd']]);
    expect(parseCsv('a,b\rc,d\r')).toEqual([['a', 'b'], ['c', 'd']]);
    expect(parseCsv('a\r\n\r\n,\r\n""\r\n')).toEqual([['a'], ['', ''], ['']]);
    expect(parseCsv('')).toEqual([]);
  });

  it('reports the line a record starts on, counting line breaks inside quotes', () => {
    const records = parseCsvRecords('h1,h2\r\n"a\r\nb",c\r\n\r\nd,e\n');
    expect(records.map((r) => r.line)).toEqual([1, 2, 5]);
    expect(records[1].fields).toEqual(['a\r\nb', 'c']);
  });

  it('rejects an unterminated quote and text after a closing quote, naming the line', () => {
    expect(() => parseCsv('a\n"open,b\n')).toThrow(CsvError);
    expect(() => parseCsv('a\n"open,b\n')).toThrow(/line 2: unterminated/);
    expect(() => parseCsv('a\nb\n"x"y,z')).toThrow(/line 3: unexpected text/);
  });
});
