// readFrame decodes once, unmasked, and must give exactly the samples a masked decode gives, with
// the hidden bits said: whether it takes the one-pass path (every word already its stored value)
// or the full one (hidden bits, wrong sign extension, bits below the lowest stored one).
import { describe, expect, it } from 'vitest';
import { grayDescription } from '../../../test/support/pixels/descriptions';
import type { DicomElement } from '../dicom/types';
import { decodeFrame } from '../pixels/decodeFrame';
import type { ImagePixelDescription } from '../pixels/imageDescription';
import type { LocatedPixels } from '../pixels/locateImage';
import { readFrame } from './frameReading';
import { le16 } from '../../../test/support/pixels/words';

function located(desc: ImagePixelDescription, bytes: Uint8Array): LocatedPixels {
  const pixel = { tag: 0x7fe00010, vr: 'OW', valueOffset: 0, valueLength: bytes.length } as unknown as DicomElement;
  return { desc, pixel, source: { length: bytes.length, read: (at: number, n: number) => bytes.subarray(at, at + n) } as unknown as LocatedPixels['source'], overlays: [], frameBytes: () => bytes };
}

const CASES: { name: string; desc: Partial<ImagePixelDescription>; words: number[]; hidden: boolean }[] = [
  { name: 'signed 12 of 16, sign-extended (CT air and padding)', desc: { bitsStored: 12, highBit: 11, pixelRepresentation: 1 }, words: [0xfc00, 0xf830, 0x0000, 0x07ff, 0xf800, 0x0123], hidden: false },
  { name: 'signed 12 of 16, a positive word with its sign bit set', desc: { bitsStored: 12, highBit: 11, pixelRepresentation: 1 }, words: [0x0800, 0x0001], hidden: false },
  { name: 'signed 12 of 16, an overlay bit above High Bit', desc: { bitsStored: 12, highBit: 11, pixelRepresentation: 1 }, words: [0x2001, 0xfc00], hidden: true },
  { name: 'unsigned 12 of 16, clean', desc: { bitsStored: 12, highBit: 11 }, words: [0x0fff, 0x0000, 0x0123], hidden: false },
  { name: 'unsigned 12 of 16, bit 13 set', desc: { bitsStored: 12, highBit: 11 }, words: [0x2000, 0x0fff], hidden: true },
  { name: 'unsigned 12 of 16 stored high (High Bit 15)', desc: { bitsStored: 12, highBit: 15 }, words: [0xfff0, 0x0010, 0x0003], hidden: true },
];

describe('readFrame on words that may hide bits', () => {
  for (const c of CASES) {
    it(`${c.name}: the masked samples, hidden bits ${c.hidden ? 'found' : 'none'}`, async () => {
      const desc = grayDescription({ rows: 1, columns: c.words.length, ...c.desc });
      const bytes = le16(c.words);
      const reading = await readFrame(located(desc, bytes), 0, bytes);
      const masked = await decodeFrame(desc, bytes);
      expect(Array.from(reading.frame.data)).toEqual(Array.from(masked.data));
      expect(reading.frame.data.constructor).toBe(masked.data.constructor);
      expect(reading.hiddenBits).toBe(c.hidden);
    });
  }
});

describe('readFrame on random 16-bit words (the two-words-at-a-time proof against the masked decode)', () => {
  it('gives the masked samples and says hidden bits exactly when a word has a bit above High Bit other than sign extension', async () => {
    let seed = 12345;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    for (let round = 0; round < 400; round++) {
      const bits = 8 + Math.floor(random() * 9);
      const signed = random() < 0.5;
      const length = 1 + Math.floor(random() * 9);
      const words = Array.from({ length }, () => {
        const stored = Math.floor(random() * 2 ** bits);
        // Sign-extend signed values into the word, as a writer does.
        const word = signed && stored >= 2 ** (bits - 1) ? (stored | (0xffff << bits)) & 0xffff : stored;
        // Now and then one bit flipped anywhere (hidden, or a wrong sign extension, or a stored bit).
        return random() < 0.15 ? word ^ (1 << Math.floor(random() * 16)) : word;
      });
      const desc = grayDescription({ rows: 1, columns: length, bitsStored: bits, highBit: bits - 1, pixelRepresentation: signed ? 1 : 0 });
      const bytes = le16(words);
      const reading = await readFrame(located(desc, bytes), 0, bytes);
      const masked = await decodeFrame(desc, bytes);
      expect(Array.from(reading.frame.data)).toEqual(Array.from(masked.data));
      const above = (0xffff << bits) & 0xffff;
      const sign = (w: number): boolean => (w >> (bits - 1)) & 1 ? true : false;
      // Hidden: a bit above High Bit set, unless signed and every such bit copies the sign bit.
      const hidden = words.some((w) => (w & above) !== 0 && !(signed && sign(w) && (w & above) === above));
      expect(reading.hiddenBits, `bits ${bits} signed ${signed} words ${words.map((w) => w.toString(16)).join(' ')}`).toBe(hidden);
    }
  });
});
