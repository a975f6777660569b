import { describe, expect, it } from 'vitest';
import { buildAllowlist, DEFAULT_ALLOWLIST, isAllowed } from './defaultAllowlist';
import { buildIdentifierSet, matchText, matchWords } from './phiMatch';
import { checkTerm, compileTerms, deniedWord } from './pixelTerms';
import { compileFullMatch, compileSearch, fromPythonRegex } from './pythonRegex';
import { parseTermFile } from './termListFile';

describe('Python patterns', () => {
  it('turns leading flags into flags and rewrites named groups and anchors', () => {
    expect(fromPythonRegex('(?i)[123](of| of |of | of|/)[123]')).toEqual({ ok: true, value: { source: '[123](of| of |of | of|/)[123]', flags: 'i' } });
    expect(fromPythonRegex('(?ms)a.b')).toEqual({ ok: true, value: { source: 'a.b', flags: 'ms' } });
    expect(fromPythonRegex('(?P<n>\\d+)-(?P=n)\\Z')).toEqual({ ok: true, value: { source: '(?<n>\\d+)-\\k<n>$', flags: '' } });
    expect(fromPythonRegex('\\Aab[]x]')).toEqual({ ok: true, value: { source: '^ab[\\]x]', flags: '' } });
  });

  it('refuses what JavaScript cannot follow', () => {
    expect(fromPythonRegex('(?x) a b')).toEqual({ ok: false, error: 'the (?x) flag is not supported' });
    expect(fromPythonRegex('a(?i)b')).toEqual({ ok: false, error: 'global flags must be at the start of the pattern' });
    expect(compileFullMatch('(unclosed').ok).toBe(false);
  });

  it('matches whole text for the allowlist and anywhere for the denylist', () => {
    const full = compileFullMatch('(?i)kv ?\\d+');
    const search = compileSearch('ACME\\d');
    expect(full.ok && full.value.test('KV 120') && !full.value.test('KV 120 X')).toBe(true);
    expect(search.ok && search.value.test('by ACME1 inc')).toBe(true);
  });
});

describe('checking a term', () => {
  it('trims words and refuses empty ones, or ones without a letter or digit', () => {
    expect(checkTerm('allow', 'word', '  Liver Protocol ')).toEqual({ ok: true, value: { list: 'allow', kind: 'word', term: 'Liver Protocol' } });
    expect(checkTerm('allow', 'word', '   ')).toMatchObject({ ok: false, error: { code: 'TERM_EMPTY' } });
    expect(checkTerm('deny', 'word', '--')).toMatchObject({ ok: false, error: { code: 'TERM_EMPTY' } });
    expect(checkTerm('deny', 'word', 'x'.repeat(201))).toMatchObject({ ok: false, error: { code: 'TERM_TOO_LONG' } });
  });

  it('refuses invalid patterns and patterns that would explain or burn anything', () => {
    expect(checkTerm('allow', 'regex', '([a-z')).toMatchObject({ ok: false, error: { code: 'TERM_INVALID_PATTERN' } });
    for (const broad of ['.*', '.+', '\\w+', '(?i)[a-z ]+', '[A-Z0-9]+']) {
      expect(checkTerm('allow', 'regex', broad), broad).toMatchObject({ ok: false, error: { code: 'TERM_TOO_BROAD' } });
    }
    expect(checkTerm('deny', 'regex', 'x*')).toMatchObject({ ok: false, error: { code: 'TERM_TOO_BROAD' } });
    expect(checkTerm('deny', 'regex', '[A-Z]+').ok).toBe(true);
  });
});

describe('compiled lists in the word-level matcher', () => {
  const lists = compileTerms([
    { list: 'allow', kind: 'word', term: 'Acme Probe' },
    { list: 'allow', kind: 'regex', term: '(?i)rex ?\\d{1,3}' },
    { list: 'deny', kind: 'word', term: 'Westway' },
    { list: 'deny', kind: 'word', term: 'KU' },
    { list: 'deny', kind: 'word', term: 'St Elsewhere' },
    { list: 'deny', kind: 'regex', term: 'RAD-\\d{3}' },
  ]);
  const allow = buildAllowlist(lists.allow);
  const nobody = buildIdentifierSet({});

  it('explains user words, phrases and patterns (matched on the text as read)', () => {
    expect(isAllowed('Rex 12', allow)).toBe(true);
    expect(isAllowed('REX12', allow)).toBe(true);
    expect(isAllowed('Rex 1234', allow)).toBe(false);
    expect(allow.words.has('ACME PROBE')).toBe(true);
    expect(isAllowed('Rex 12', DEFAULT_ALLOWLIST)).toBe(false);
  });

  it('proposes deny-listed words, glued when long, phrases and patterns, before anything else', () => {
    expect(deniedWord('WESTWAY', lists.deny)).toBe('deny:WESTWAY');
    expect(deniedWord('WESTWAYMEDICAL', lists.deny)).toBe('deny:WESTWAY');
    expect(deniedWord('KU', lists.deny)).toBe('deny:KU');
    expect(deniedWord('SKULL', lists.deny)).toBeNull();
    expect(deniedWord('RAD-123', lists.deny)).toBe('deny:RAD-\\d{3}');
    expect(matchText('Westway', nobody, allow, { deny: lists.deny })).toEqual({ matched: true, reason: 'deny:WESTWAY' });
    expect(matchText('Westway', nobody, allow)).toEqual({ matched: false });
    expect(matchWords(['ST', 'ELSEWHERE', 'GAIN'], nobody, allow, { deny: lists.deny }).map((r) => r.reason)).toEqual(['deny:ST ELSEWHERE', 'deny:ST ELSEWHERE', 'allow']);
  });

  it('keeps the harmless text the ID pattern fired on, and still proposes dates the patterns would explain', () => {
    for (const text of ['TIS0.4', 'D16.0cm', '24w3d', '13.60.033', '1988-1994', '45/120']) {
      expect(matchText(text, nobody, DEFAULT_ALLOWLIST).matched, text).toBe(false);
    }
    const born = buildIdentifierSet({ dates: [{ value: '19450120', label: 'birth' }] });
    expect(matchText('45/120', born, DEFAULT_ALLOWLIST).matched).toBe(false);
    expect(matchText('11.09.01', nobody, DEFAULT_ALLOWLIST).reason).toBe('pattern:date');
    expect(matchText('03/2019', nobody, DEFAULT_ALLOWLIST).matched).toBe(true);
  });
});

describe("dicompixelanon's list format", () => {
  it('reads (?i) words as words and everything else as patterns, skipping blank lines and repeats', () => {
    const file = '(?i)ZOOM\r\n(?i)Left Lat\n\n[kK][vV][pP]?( |:)?[Oo0-9]{2,3}\n(?i)ZOOM\nmAs\n(?i)1.5T\n120\n';
    const r = parseTermFile(file, 'allow');
    expect(r).toEqual({
      ok: true,
      value: [
        { list: 'allow', kind: 'word', term: 'ZOOM' },
        { list: 'allow', kind: 'word', term: 'Left Lat' },
        { list: 'allow', kind: 'regex', term: '[kK][vV][pP]?( |:)?[Oo0-9]{2,3}' },
        { list: 'allow', kind: 'regex', term: 'mAs' },
        { list: 'allow', kind: 'regex', term: '(?i)1.5T' },
        { list: 'allow', kind: 'word', term: '120' },
      ],
    });
  });

  it('refuses the whole file at the first bad line, naming it', () => {
    expect(parseTermFile('(?i)ZOOM\n(?i)ok\n[unclosed\n', 'allow')).toMatchObject({ ok: false, error: { line: 3, message: expect.stringMatching(/^invalid pattern/) } });
    expect(parseTermFile('(?i)ZOOM\n.+\n', 'allow')).toMatchObject({ ok: false, error: { line: 2, message: expect.stringMatching(/any text/) } });
    expect(parseTermFile('(?x) a\n', 'deny')).toMatchObject({ ok: false, error: { line: 1, message: 'invalid pattern: the (?x) flag is not supported' } });
  });
});
