/**
 * Colour-space conversions to RGB, on interleaved samples held in any integer array. `maxValue` is
 * the largest sample (255 for 8-bit data); chroma is centred on (maxValue + 1) / 2.
 */

function clampRound(v: number, maxValue: number): number {
  const r = Math.floor(v + 0.5);
  return r < 0 ? 0 : r > maxValue ? maxValue : r;
}

/** YBR_FULL → RGB in place (PS3.3 C.7.6.3.1.2, the JFIF equations). */
export function ybrFullToRgb(samples: Uint8Array | Uint16Array, maxValue = 255): void {
  const half = (maxValue + 1) / 2;
  for (let i = 0; i + 2 < samples.length; i += 3) {
    const y = samples[i];
    const cb = samples[i + 1] - half;
    const cr = samples[i + 2] - half;
    samples[i] = clampRound(y + 1.402 * cr, maxValue);
    samples[i + 1] = clampRound(y - 0.344136 * cb - 0.714136 * cr, maxValue);
    samples[i + 2] = clampRound(y + 1.772 * cb, maxValue);
  }
}

/** YBR_PARTIAL (ITU-R BT.601 studio range: Y 16–235, chroma 16–240) → RGB in place. */
export function ybrPartialToRgb(samples: Uint8Array | Uint16Array, maxValue = 255): void {
  const scale = (maxValue + 1) / 256;
  const half = (maxValue + 1) / 2;
  for (let i = 0; i + 2 < samples.length; i += 3) {
    const y = 1.164383 * (samples[i] - 16 * scale);
    const cb = samples[i + 1] - half;
    const cr = samples[i + 2] - half;
    samples[i] = clampRound(y + 1.596027 * cr, maxValue);
    samples[i + 1] = clampRound(y - 0.391762 * cb - 0.812968 * cr, maxValue);
    samples[i + 2] = clampRound(y + 2.017232 * cb, maxValue);
  }
}

/**
 * Expands 4:2:2 native data (Y1 Y2 Cb Cr for each horizontal pair, PS3.3 C.7.6.3.1.2) to one
 * Y Cb Cr triplet per pixel; both pixels of a pair take the pair's chroma. An odd last column
 * uses the first luma of its pair.
 */
export function upsample422<T extends Uint8Array | Uint16Array>(src: T, rows: number, columns: number, make: (n: number) => T): T {
  const out = make(rows * columns * 3);
  const pairs = Math.ceil(columns / 2);
  for (let r = 0; r < rows; r++) {
    for (let p = 0; p < pairs; p++) {
      const s = (r * pairs + p) * 4;
      const cb = src[s + 2] ?? 0;
      const cr = src[s + 3] ?? 0;
      const c0 = 2 * p;
      const d0 = (r * columns + c0) * 3;
      out[d0] = src[s] ?? 0;
      out[d0 + 1] = cb;
      out[d0 + 2] = cr;
      if (c0 + 1 < columns) {
        out[d0 + 3] = src[s + 1] ?? 0;
        out[d0 + 4] = cb;
        out[d0 + 5] = cr;
      }
    }
  }
  return out;
}
