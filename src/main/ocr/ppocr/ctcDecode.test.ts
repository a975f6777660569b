import { describe, expect, it } from 'vitest';
import { ctcGreedyDecode } from './ctcDecode';

const labels = ['', 'A', 'B', ' '];

/** Softmax-like rows giving each step's winning class `p` and the rest shared out. */
function rows(winners: readonly number[], p = 0.9): Float32Array {
  const out = new Float32Array(winners.length * labels.length).fill((1 - p) / (labels.length - 1));
  winners.forEach((k, t) => (out[t * labels.length + k] = p));
  return out;
}

describe('ctcGreedyDecode', () => {
  it('merges repeats, drops blanks, and keeps a letter repeated across a blank', () => {
    const { chars, confidence } = ctcGreedyDecode(rows([1, 1, 0, 2, 0, 2, 2, 0]), 0, 8, labels);
    expect(chars.map((c) => c.text).join('')).toBe('ABB');
    expect(chars.map((c) => [c.t0, c.t1])).toEqual([[0, 1], [3, 3], [5, 6]]);
    expect(confidence).toBeCloseTo(90, 4);
  });

  it('reads nothing from blanks, at confidence 0', () => {
    expect(ctcGreedyDecode(rows([0, 0, 0]), 0, 3, labels)).toEqual({ chars: [], confidence: 0 });
  });

  it('decodes the line at an offset (one of a batch)', () => {
    const two = new Float32Array([...rows([1, 0]), ...rows([2, 2])]);
    expect(ctcGreedyDecode(two, 2 * labels.length, 2, labels).chars.map((c) => c.text)).toEqual(['B']);
  });
});
