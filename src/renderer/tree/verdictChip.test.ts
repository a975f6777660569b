import { describe, expect, it } from 'vitest';
import { PIXEL_VERDICT_ACTIONS } from '../../shared/pixelVerdict';
import { verdictWord } from './verdictChip';

describe('verdictWord', () => {
  it('has a distinct word for every verdict action', () => {
    const words = PIXEL_VERDICT_ACTIONS.map(verdictWord);
    expect(new Set(words).size).toBe(PIXEL_VERDICT_ACTIONS.length);
    expect(verdictWord('withhold')).toBe('withheld');
  });
});
