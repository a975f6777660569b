/**
 * The colour half of one picture of a frame (the grey half is `voi.ts`): how decoded RGB samples
 * and palette entries become the 8-bit colour that the viewer, the PNG export and the OCR show.
 * DICOM applies no VOI to colour (PS3.3 C.11.2 is for grey images), so these are fixed maps.
 */

/** One expanded channel of a Palette Color Lookup Table. */
interface PaletteChannel {
  /** The stored value that maps to entry 0. */
  firstMapped: number;
  values: ArrayLike<number>;
  /** 8 or 16: the depth `values` use. */
  bits: number;
}

/**
 * 8-bit RGB from RGB samples of `bitsStored` bits: the top 8 stored bits of each sample (16-bit
 * colour keeps its high byte); 8-bit samples are returned as they are.
 */
export function rgbTo8(samples: ArrayLike<number>, bitsStored: number): Uint8Array {
  if (samples instanceof Uint8Array) return samples;
  const shift = Math.max(0, bitsStored - 8);
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.min(255, Math.max(0, samples[i] >> shift));
  return out;
}

/**
 * Maps palette indices to 8-bit RGB, interleaved. Indices below the first mapped value take the
 * first entry and those past the end the last (PS3.3 C.7.6.3.1.5). 16-bit entries are reduced to
 * their high byte, except in tables whose values all fit in 8 bits (old writers store 8-bit
 * colours in 16-bit entries).
 */
export function paletteTo8(indices: ArrayLike<number>, channels: readonly [PaletteChannel, PaletteChannel, PaletteChannel]): Uint8Array {
  const tables = channels.map((c) => {
    let fitsInByte = true;
    for (let i = 0; i < c.values.length && fitsInByte; i++) fitsInByte = c.values[i] < 256;
    const shift = c.bits === 16 && !fitsInByte ? 8 : 0;
    const values = new Uint8Array(c.values.length);
    for (let i = 0; i < values.length; i++) values[i] = c.values[i] >> shift;
    return { first: c.firstMapped, last: c.values.length - 1, values };
  });
  const out = new Uint8Array(indices.length * 3);
  for (let i = 0; i < indices.length; i++) {
    for (let c = 0; c < 3; c++) {
      const t = tables[c];
      const k = Math.min(Math.max(indices[i] - t.first, 0), t.last);
      out[i * 3 + c] = t.values[k];
    }
  }
  return out;
}

/** Expands interleaved RGB to RGBA (opaque), the layout canvases and cornerstone's colour renderer read. */
export function rgbToRgba(rgb: ArrayLike<number>, pixels: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(pixels * 4);
  for (let p = 0, i = 0, o = 0; p < pixels; p++, i += 3, o += 4) {
    out[o] = rgb[i];
    out[o + 1] = rgb[i + 1];
    out[o + 2] = rgb[i + 2];
    out[o + 3] = 255;
  }
  return out;
}
