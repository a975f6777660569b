import { describe, expect, it } from 'vitest';
import { buildAllowlist, DEFAULT_ALLOWLIST } from './defaultAllowlist';
import { dateForms } from './dateForms';
import { buildIdentifierSet, matchText, matchWords, patternOf } from './phiMatch';
import { normalizeText, skeleton, withinOneEdit } from './textNormalize';

const patient = buildIdentifierSet({
  personNames: ['Müller^Jürgen^Karl^Dr.^Jr.', 'van der Berg^Anna', 'Yamada^Tarou=山田^太郎=やまだ^たろう'],
  ids: ['MRN-A-7781', '0012345678', 'X9'],
  dates: [{ value: '19620314', label: 'birth' }, '20161017'],
  institutions: ['St. Mary Hospital of Springfield'],
  addresses: ['12 Baker Street, 80331 Munich'],
});
const allow = DEFAULT_ALLOWLIST;
const match = (text: string) => matchText(text, patient, allow);

describe('normalisation', () => {
  it('case-folds and strips accents, including letters NFKD keeps', () => {
    expect(normalizeText('Müller Žofie Ærø Straße')).toBe('MULLER ZOFIE AERO STRASSE');
  });

  it('folds the characters OCR confuses onto one skeleton', () => {
    expect(skeleton('MRN-A-7781')).toBe(skeleton('MRN A 778l'));
    expect(skeleton('BOSS')).toBe(skeleton('8055'));
    expect(skeleton('ID 1O')).toBe('1D10');
  });

  it('counts one edit, not two', () => {
    expect(withinOneEdit('JURGEN', 'JURGEM')).toBe(true);
    expect(withinOneEdit('JURGEN', 'JURGN')).toBe(true);
    expect(withinOneEdit('JURGEN', 'JUURGEN')).toBe(true);
    expect(withinOneEdit('JURGEN', 'JRGEM')).toBe(false);
    expect(withinOneEdit('ABCDEF', 'ABDCEF')).toBe(false);
  });
});

describe('person names', () => {
  it('matches each PN component, case and accents ignored', () => {
    expect(match('MULLER')).toEqual({ matched: true, reason: 'name:MULLER' });
    expect(match('jurgen')).toEqual({ matched: true, reason: 'name:JURGEN' });
    expect(match('Karl')).toEqual({ matched: true, reason: 'name:KARL' });
  });

  it('matches a name printed the way consoles write it', () => {
    expect(match('MULLER^JURGEN').matched).toBe(true);
    expect(match('Muller,').matched).toBe(true);
    expect(match('MUELLER').reason).toBe('name:MUELLER');
  });

  it('finds a name glued to other text at either end', () => {
    expect(match('MULLERTMJURGEN').reason).toBe('name:MULLER');
    expect(match('NAME:MULLER').reason).toBe('name:MULLER');
  });

  it('drops honorifics, lone particles and one-letter tokens', () => {
    expect(match('DR').matched).toBe(false);
    expect(match('Jr.').matched).toBe(false);
    expect(match('VAN').matched).toBe(false);
    expect(match('BERG').reason).toBe('name:BERG');
    expect(match('van der Berg').matched).toBe(true);
  });

  it('reads ideographic and phonetic groups', () => {
    expect(match('山田').reason).toBe('name:山田');
    expect(match('山田太郎').matched).toBe(true);
    expect(match('たろう').matched).toBe(true);
    expect(match('Tarou').matched).toBe(true);
  });

  it('tolerates one OCR error in names of five letters or more, not in shorter ones', () => {
    expect(match('JURGEM').reason).toBe('name:JURGEN');
    expect(match('MU11ER').reason).toBe('name:MULLER');
    expect(match('MULIER').reason).toBe('name:MULLER');
    expect(match('KARI').reason).toBe('name:KARL');
    expect(match('KURL').matched).toBe(false);
    expect(match('ANNE').matched).toBe(false);
    expect(match('ANNA').matched).toBe(true);
  });
});

describe('IDs', () => {
  it('ignores spacing and punctuation inside IDs and OCR look-alikes', () => {
    expect(match('MRN-A-7781')).toEqual({ matched: true, reason: 'id:MRN-A-7781' });
    expect(match('MRNA7781').reason).toBe('id:MRN-A-7781');
    expect(match('MRN A-778l').reason).toBe('id:MRN-A-7781');
    expect(match('00I2345678').reason).toBe('id:0012345678');
    expect(match('OO12345678').reason).toBe('id:0012345678');
  });

  it('tolerates one error and finds an ID after a label', () => {
    expect(match('MRH-A-7781').reason).toBe('id:MRN-A-7781');
    expect(match('ID:0012345678').reason).toBe('id:0012345678');
    expect(match('PID0012345678/2').reason).toBe('id:0012345678');
  });

  it('matches a short ID only exactly', () => {
    expect(match('X9').reason).toBe('id:X9');
    expect(match('X8').matched).toBe(false);
  });
});

describe('dates', () => {
  const forms = dateForms('19940130');

  it('generates every printed form asked for', () => {
    for (const form of [
      '19940130', '1994-01-30', '1994/01/30', '30/01/1994', '01/30/1994', '30.01.1994', '94/01/30', '30-01-94',
      '30 JAN 94', '30 Jan 94', '30-JAN-94', '30-Jan-1994',
    ]) {
      expect(forms).toContain(form);
    }
    expect(dateForms('20161017')).toContain('17 Oct 16');
    expect(dateForms('20020524')).toContain('24-MAY-02');
    expect(dateForms('not a date')).toEqual([]);
    expect(dateForms('20021324')).toEqual([]);
  });

  it('recognises every form of the birth date as the birth date', () => {
    for (const form of dateForms('19620314')) {
      expect(matchWords(form.split(' '), patient, allow).map((r) => r.reason)).toEqual(form.split(' ').map(() => 'date:birth'));
    }
  });

  it('labels an unlabelled date with its value and tolerates one OCR error', () => {
    expect(match('17-Oct-2016').reason).toBe('date:20161017');
    expect(match('1962-83-14').reason).toBe('date:birth');
    expect(match('DOB:14.O3.1962').reason).toBe('date:birth');
  });

  it('proposes any date-like or time-like text as a pattern', () => {
    for (const text of ['2001-09-11', '11/09/2001', '9/11/2001', '11.09.01', '20010911', '11-SEP-01', '11Sep2001', 'Sep 11, 2001', '11.MAI.2001']) {
      expect(match(text), text).toEqual({ matched: true, reason: 'pattern:date' });
    }
    expect(matchWords(['11', 'SEP', '01'], patient, allow).every((r) => r.reason === 'pattern:date')).toBe(true);
    expect(matchWords(['Sep', '11,', '2001'], patient, allow).every((r) => r.reason === 'pattern:date')).toBe(true);
    expect(match('14:32:05').reason).toBe('pattern:time');
    expect(match('09:15').reason).toBe('pattern:time');
  });

  it('does not take versions, ratios and plain numbers for dates', () => {
    expect(patternOf('3.1.12')).toBeNull();
    expect(patternOf('1:2')).toBeNull();
    expect(patternOf('2016')).toBeNull();
    expect(patternOf('12.5')).toBeNull();
  });
});

describe('ID-like patterns', () => {
  it('proposes five or more characters mixing digits, or six digits', () => {
    expect(match('AB12C').reason).toBe('pattern:id');
    expect(match('ACC-55555').reason).toBe('pattern:id');
    expect(match('123456').reason).toBe('pattern:id');
    expect(match('+49 89 1234567').reason).toBe('pattern:id');
  });

  it('leaves short numbers and plain words alone', () => {
    expect(match('12345').matched).toBe(false);
    expect(match('A12').matched).toBe(false);
    expect(match('SCALE').matched).toBe(false);
    expect(match('Liver').matched).toBe(false);
  });
});

describe('institutions and addresses', () => {
  it('matches distinctive words, not generic ones or short numbers', () => {
    expect(match('Springfield').reason).toBe('institution:SPRINGFIELD');
    expect(match('Mary').reason).toBe('institution:MARY');
    expect(match('Munich').reason).toBe('address:MUNICH');
    expect(match('80331').reason).toBe('address:80331');
    expect(match('St.').matched).toBe(false);
    expect(match('of').matched).toBe(false);
    expect(match('12').matched).toBe(false);
  });
});

describe('allowlist', () => {
  it('keeps device text unproposed', () => {
    for (const text of ['L', 'R', 'A', 'P', 'H', 'F', 'S', 'I', 'cm', 'mm', 'kV', 'kVp', 'mA', 'mAs', 'Hz', 'MHz', 'dB', '%',
      'fps', 'W/L', 'WL/WW', 'Gain', 'Depth', 'Freq', 'PRF', 'Res', 'Gen', 'THI', 'Pwr', 'MI', 'TIS', 'TIB', 'T1', 'T2',
      'FLAIR', 'SCALE']) {
      expect(match(text).matched, text).toBe(false);
    }
  });

  it('is what stops device text that looks like a name or an ID', () => {
    const none = buildAllowlist();
    const empty = { words: new Set<string>(), patterns: [] };
    const gaines = buildIdentifierSet({ personNames: ['Gaine^Depths'] });
    for (const text of ['Gain', 'Depth', '12.5cm', '3.5MHz', '30fps', '-12.5dB']) {
      expect(matchText(text, gaines, empty).matched, text).toBe(true);
      expect(matchText(text, gaines, none), text).toEqual({ matched: false, reason: 'allow' });
    }
  });

  it('does not propose measurements, joined or split', () => {
    for (const text of ['12.5cm', '120kV', '3.5MHz', '-12dB', '30fps', '45%', 'x1.5', 'W:400', 'WL40']) {
      expect(match(text).matched, text).toBe(false);
    }
    expect(matchWords(['120', 'kV'], patient, allow).some((r) => r.matched)).toBe(false);
    expect(matchWords(['12.5', 'cm'], patient, allow).some((r) => r.matched)).toBe(false);
    expect(matchWords(['1234567', 'Hz'], patient, allow).some((r) => r.matched)).toBe(false);
  });

  it('still proposes an exact identifier that is also an allowlisted word', () => {
    const named = buildIdentifierSet({ personNames: ['Gain^Lily'] });
    expect(matchText('GAIN', named, allow)).toEqual({ matched: true, reason: 'name:GAIN' });
    expect(matchText('GAINS', named, allow).matched).toBe(false);
  });

  it('merges user entries with the defaults', () => {
    const custom = buildAllowlist({ words: ['Liver Protocol', 'ACME'], patterns: ['PROBE-\\d+'] });
    expect(matchText('ACME', patient, custom).matched).toBe(false);
    expect(matchText('PROBE-12345', patient, custom).matched).toBe(false);
    expect(matchText('PROBE-12345', patient, allow).matched).toBe(true);
    expect(matchText('kV', patient, custom).matched).toBe(false);
  });
});

describe('redactAllText', () => {
  it('proposes every word with a letter or digit and nothing else', () => {
    expect(matchText('kV', patient, allow, { redactAllText: true })).toEqual({ matched: true, reason: 'all-text' });
    expect(matchText('--', patient, allow, { redactAllText: true }).matched).toBe(false);
  });
});
