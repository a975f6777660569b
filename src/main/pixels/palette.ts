import type { ImagePixelDescription, PaletteLut } from './imageDescription';
import { paletteTo8 } from '../../shared/pixels/colour8';
import { PixelDecodeError } from './decoders/pixelErrors';

/** One expanded palette channel: a value per entry, and the bit depth those values use. */
interface ExpandedPalette {
  firstMapped: number;
  values: Uint16Array;
  /** 8 or 16: the depth of `values` (8 when the data hold one byte per entry). */
  bits: number;
}

function noPalette(why: string): never {
  throw new PixelDecodeError('BAD_IMAGE_DESCRIPTION', `palette: ${why}`);
}

/**
 * Expands one palette channel to a flat table. Plain LUT Data may hold one byte or one 16-bit word
 * per entry whatever the descriptor says; the data length decides, as readers commonly do.
 * Segmented LUT Data (PS3.3 C.7.9.2) holds words (bytes for 8-bit descriptors) of discrete, linear
 * and indirect segments.
 */
export function expandPalette(lut: PaletteLut): ExpandedPalette {
  const entries = lut.entries === 0 ? 65536 : lut.entries;
  if (lut.data && lut.data.length > 0) {
    const data = lut.data;
    if (data.length >= entries * 2) {
      const values = new Uint16Array(entries);
      for (let i = 0; i < entries; i++) values[i] = data[2 * i] | (data[2 * i + 1] << 8);
      return { firstMapped: lut.firstMapped, values, bits: lut.bitsPerEntry === 8 ? 8 : 16 };
    }
    if (data.length >= entries) return { firstMapped: lut.firstMapped, values: Uint16Array.from(data.subarray(0, entries)), bits: 8 };
    noPalette(`${data.length} bytes of LUT data for ${entries} entries`);
  }
  if (lut.segmentedData && lut.segmentedData.length > 0) {
    const words = lut.bitsPerEntry === 8 ? Array.from(lut.segmentedData) : littleEndianWords(lut.segmentedData);
    const expanded = expandSegments(words, lut.bitsPerEntry === 8 ? 1 : 2);
    const values = new Uint16Array(entries);
    values.set(expanded.slice(0, entries));
    // A short table repeats its last value, matching how out-of-range indices are clamped.
    if (expanded.length > 0 && expanded.length < entries) values.fill(expanded[expanded.length - 1], expanded.length);
    return { firstMapped: lut.firstMapped, values, bits: lut.bitsPerEntry === 8 ? 8 : 16 };
  }
  return noPalette('no LUT data');
}

function littleEndianWords(bytes: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < bytes.length; i += 2) out.push(bytes[i] | (bytes[i + 1] << 8));
  return out;
}

/**
 * Expands segments starting at `start` in `words`: opcode 0 copies `length` values; opcode 1 draws
 * a line of `length` values from the previous value to y1 (the previous value not repeated);
 * opcode 2 re-expands `length` segments found at a byte offset from the start of the data.
 */
function expandSegments(words: number[], wordBytes: number, start = 0, maxSegments = Infinity, previous?: number, depth = 0): number[] {
  if (depth > 8) noPalette('indirect segments nest too deep');
  const out: number[] = [];
  const last = (): number | undefined => (out.length > 0 ? out[out.length - 1] : previous);
  let at = start;
  let segments = 0;
  // `at + 1 <` tolerates a trailing padding word.
  while (at + 1 < words.length && segments < maxSegments) {
    const opcode = words[at];
    const length = words[at + 1];
    at += 2;
    if (opcode === 0) {
      for (let i = 0; i < length && at + i < words.length; i++) out.push(words[at + i]);
      at += length;
    } else if (opcode === 1) {
      const y0 = last();
      if (y0 === undefined) noPalette('a linear segment cannot come first');
      const y1 = words[at++] ?? y0;
      for (let i = 1; i <= length; i++) out.push(Math.round(y0 + ((y1 - y0) * i) / length));
    } else if (opcode === 2) {
      if (last() === undefined) noPalette('an indirect segment cannot come first');
      const offset = wordBytes === 2 ? words[at] | (words[at + 1] << 16) : (words[at] | (words[at + 1] << 8) | (words[at + 2] << 16) | (words[at + 3] << 24)) >>> 0;
      at += wordBytes === 2 ? 2 : 4;
      out.push(...expandSegments(words, wordBytes, Math.floor(offset / wordBytes), length, last(), depth + 1));
    } else {
      noPalette(`unknown segment opcode ${opcode}`);
    }
    segments++;
  }
  return out;
}

/** The three expanded channels of a PALETTE COLOR image, or a `BAD_IMAGE_DESCRIPTION` error. */
export function paletteChannels(desc: ImagePixelDescription): [ExpandedPalette, ExpandedPalette, ExpandedPalette] {
  const { redPalette, greenPalette, bluePalette } = desc;
  if (!redPalette || !greenPalette || !bluePalette) noPalette('descriptor or data missing');
  return [expandPalette(redPalette), expandPalette(greenPalette), expandPalette(bluePalette)];
}

/** Maps palette indices to 8-bit RGB, interleaved, by the shared colour rule (`paletteTo8`). */
export function paletteToRgb(indices: ArrayLike<number>, desc: ImagePixelDescription): Uint8Array {
  return paletteTo8(indices, paletteChannels(desc));
}
