import { describe, expect, it } from 'vitest';
import { DEFAULT_ALLOWLIST } from '../phi/defaultAllowlist';
import type { OcrRect } from './ocrFrame';
import { buildIdentifierSet } from '../phi/phiMatch';
import { judgeWords } from './readWords';

const identifiers = buildIdentifierSet({ personNames: ['DOE^JOHN'], ids: ['MRN77812'] });
const rect = (text: string, x: number, weak: boolean, line = 0): OcrRect => ({
  text, confidence: weak ? 35 : 90, alternatives: [], variants: [weak ? 'full' : 'bright'], line, box: { x, y: line * 30, w: 40, h: 12 }, ...(weak ? { weak } : {}),
});

describe('judgeWords', () => {
  const rects = [rect('DOE', 0, true), rect('JOHN', 50, true), rect('#33', 10, true, 1), rect('2019-03-04', 60, true, 2), rect('ACME', 0, false, 3)];

  it('keeps weak words that name the patient and drops the rest of the grey-view junk', () => {
    const words = judgeWords(rects, { identifiers, allowlist: DEFAULT_ALLOWLIST, redactAllText: false });
    expect(words.map((w) => [w.text, w.proposed])).toEqual([['DOE', true], ['JOHN', true], ['ACME', false]]);
    expect(words[0].reason).toMatch(/^name:/);
  });

  it('with --redact-all-text still keeps only the weak words that name the patient', () => {
    const words = judgeWords(rects, { identifiers, allowlist: DEFAULT_ALLOWLIST, redactAllText: true });
    expect(words.map((w) => [w.text, w.proposed, w.reason])).toEqual([['DOE', true, 'all-text'], ['JOHN', true, 'all-text'], ['ACME', true, 'all-text']]);
  });
});
