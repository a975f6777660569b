// A source serving one range from memory and the rest from its base: every read, whole or
// straddling the pinned range, gives the base's bytes where they were not pinned.
import { describe, expect, it } from 'vitest';
import { BufferSource, PinnedRangeSource } from './byteSource';

describe('PinnedRangeSource', () => {
  const base = new BufferSource(Uint8Array.from({ length: 100 }, (_v, i) => i));
  const pinned = new PinnedRangeSource(base, 40, Uint8Array.from({ length: 20 }, () => 255));

  it('serves the pinned range from memory and the rest from the base, in read and readInto alike', () => {
    const expected = (a: number, n: number): number[] => Array.from({ length: n }, (_v, i) => (a + i >= 40 && a + i < 60 ? 255 : a + i));
    for (const [a, n] of [[0, 10], [35, 10], [40, 20], [45, 5], [55, 10], [30, 40], [60, 40], [0, 100]] as const) {
      expect([...pinned.read(a, n)]).toEqual(expected(a, n));
      const into = new Uint8Array(n);
      expect(pinned.readInto(a, into)).toBe(n);
      expect([...into]).toEqual(expected(a, n));
    }
  });

  it('refuses reads past the end, and a pinned range the base does not hold', () => {
    expect(() => pinned.read(95, 10)).toThrow(/needs 10 bytes at offset 95/);
    expect(() => new PinnedRangeSource(base, 90, new Uint8Array(20))).toThrow(/needs 20 bytes/);
  });
});
