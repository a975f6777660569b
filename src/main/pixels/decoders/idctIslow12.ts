/**
 * IJG libjpeg's accurate integer inverse DCT ("islow", jidctint.c: the Loeffler–Ligtenberg–Moschytz
 * algorithm with 13-bit constants), reimplemented so 12-bit JPEG output matches DCMTK, which uses
 * that method by default. Arithmetic is done in doubles with floor division, which equals C's
 * 64-bit `long` shifts for every value a valid stream can produce.
 */

const CONST_BITS = 13;
const FIX_0_298631336 = 2446;
const FIX_0_390180644 = 3196;
const FIX_0_541196100 = 4433;
const FIX_0_765366865 = 6270;
const FIX_0_899976223 = 7373;
const FIX_1_175875602 = 9633;
const FIX_1_501321110 = 12299;
const FIX_1_847759065 = 15137;
const FIX_1_961570560 = 16069;
const FIX_2_053119869 = 16819;
const FIX_2_562915447 = 20995;
const FIX_3_072711026 = 25172;

function descale(x: number, n: number): number {
  return Math.floor((x + 2 ** (n - 1)) / 2 ** n);
}

/**
 * libjpeg's post-IDCT range limit: the value is masked to 4×(MAX+1) and looked up in a table that
 * clamps moderate overshoot to 0…MAX and wraps wild values, exactly like `idct_range_limit`.
 */
function rangeLimit(x: number, precision: number): number {
  const max = 2 ** precision - 1;
  const center = 2 ** (precision - 1);
  const i = ((x % (4 * (max + 1))) + 4 * (max + 1)) % (4 * (max + 1));
  if (i < max + 1 - center) return i + center;
  if (i < 2 * (max + 1)) return max;
  if (i < 4 * (max + 1) - center) return 0;
  return i - (4 * (max + 1) - center);
}

const work = new Float64Array(64);

/** Even and odd halves of one 1-D 8-point IDCT; returns the eight unscaled outputs. */
function idct1d(v0: number, v1: number, v2: number, v3: number, v4: number, v5: number, v6: number, v7: number, out: Float64Array): void {
  let z1 = (v2 + v6) * FIX_0_541196100;
  const tmp2e = z1 + v6 * -FIX_1_847759065;
  const tmp3e = z1 + v2 * FIX_0_765366865;
  const tmp0e = (v0 + v4) * 2 ** CONST_BITS;
  const tmp1e = (v0 - v4) * 2 ** CONST_BITS;
  const tmp10 = tmp0e + tmp3e;
  const tmp13 = tmp0e - tmp3e;
  const tmp11 = tmp1e + tmp2e;
  const tmp12 = tmp1e - tmp2e;
  let tmp0 = v7;
  let tmp1 = v5;
  let tmp2 = v3;
  let tmp3 = v1;
  z1 = tmp0 + tmp3;
  let z2 = tmp1 + tmp2;
  let z3 = tmp0 + tmp2;
  let z4 = tmp1 + tmp3;
  const z5 = (z3 + z4) * FIX_1_175875602;
  tmp0 *= FIX_0_298631336;
  tmp1 *= FIX_2_053119869;
  tmp2 *= FIX_3_072711026;
  tmp3 *= FIX_1_501321110;
  z1 *= -FIX_0_899976223;
  z2 *= -FIX_2_562915447;
  z3 = z3 * -FIX_1_961570560 + z5;
  z4 = z4 * -FIX_0_390180644 + z5;
  tmp0 += z1 + z3;
  tmp1 += z2 + z4;
  tmp2 += z2 + z3;
  tmp3 += z1 + z4;
  out[0] = tmp10 + tmp3;
  out[7] = tmp10 - tmp3;
  out[1] = tmp11 + tmp2;
  out[6] = tmp11 - tmp2;
  out[2] = tmp12 + tmp1;
  out[5] = tmp12 - tmp1;
  out[3] = tmp13 + tmp0;
  out[4] = tmp13 - tmp0;
}

const line = new Float64Array(8);

/**
 * Dequantises one block of coefficients (natural order) and writes its 8×8 samples into `out` at
 * `offset` with row `stride`.
 */
export function idctIslow12(coef: Int32Array, quant: Int32Array, out: Uint16Array, offset: number, stride: number, precision: number): void {
  const pass1 = precision > 8 ? 1 : 2;
  for (let c = 0; c < 8; c++) {
    const q = (k: number): number => coef[k * 8 + c] * quant[k * 8 + c];
    if (coef[8 + c] === 0 && coef[16 + c] === 0 && coef[24 + c] === 0 && coef[32 + c] === 0 && coef[40 + c] === 0 && coef[48 + c] === 0 && coef[56 + c] === 0) {
      const dc = q(0) * 2 ** pass1;
      for (let r = 0; r < 8; r++) work[r * 8 + c] = dc;
      continue;
    }
    idct1d(q(0), q(1), q(2), q(3), q(4), q(5), q(6), q(7), line);
    // The workspace is C `int`: descaled values are integers well inside 32 bits.
    for (let r = 0; r < 8; r++) work[r * 8 + c] = descale(line[r], CONST_BITS - pass1);
  }
  const shift = CONST_BITS + pass1 + 3;
  for (let r = 0; r < 8; r++) {
    const w = r * 8;
    const o = offset + r * stride;
    if (work[w + 1] === 0 && work[w + 2] === 0 && work[w + 3] === 0 && work[w + 4] === 0 && work[w + 5] === 0 && work[w + 6] === 0 && work[w + 7] === 0) {
      const v = rangeLimit(descale(work[w], pass1 + 3), precision);
      for (let k = 0; k < 8; k++) out[o + k] = v;
      continue;
    }
    idct1d(work[w], work[w + 1], work[w + 2], work[w + 3], work[w + 4], work[w + 5], work[w + 6], work[w + 7], line);
    for (let k = 0; k < 8; k++) out[o + k] = rangeLimit(descale(line[k], shift), precision);
  }
}
