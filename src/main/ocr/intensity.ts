/** Typed arrays a pixel decoder may hand over for one frame. */
type FrameSamples =
  | Uint8Array
  | Int8Array
  | Uint8ClampedArray
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array;

/**
 * One decoded frame as OCR needs it; the pixel decoders' `DecodedFrame` satisfies it as is (add
 * the header's window and rescale for the `display` variant). Colour frames are interleaved
 * (R G B R G B ...). Integer samples may be raw stored words: bits above `bitsStored` are masked
 * off and `signed` values are sign-extended here, so decoders need not do it first.
 */
export interface OcrFrameInput {
  data: FrameSamples;
  width: number;
  height: number;
  samplesPerPixel: 1 | 3;
  bitsStored: number;
  signed: boolean;
  /** Photometric Interpretation, e.g. `MONOCHROME1`, `MONOCHROME2`, `RGB`, `YBR_FULL`, `PALETTE COLOR`. */
  photometric: string;
  /** The header's first Window Center/Width and its Rescale Slope/Intercept (modality units). */
  windowCenter?: number;
  windowWidth?: number;
  rescaleSlope?: number;
  rescaleIntercept?: number;
}

/** A single-channel plane where larger always means brighter on a display. */
export interface IntensityPlane {
  values: Float32Array;
  width: number;
  height: number;
  min: number;
  max: number;
}

function integerBits(data: FrameSamples): number {
  if (data instanceof Float32Array || data instanceof Float64Array) return 0;
  return data.BYTES_PER_ELEMENT * 8;
}

/**
 * Reduces a frame to display brightness.
 *
 * Colour frames use the brightest channel rather than luma: burned-in annotations are often
 * saturated yellow or green, which luma would bury in a mid-grey background. YBR frames use Y.
 * MONOCHROME1 is negated so that "bright" means the same as on screen for every photometric.
 */
export function intensityPlane(frame: OcrFrameInput): IntensityPlane {
  const { data, width, height, samplesPerPixel: spp } = frame;
  const count = width * height;
  if (data.length < count * spp) {
    throw new RangeError(`frame ${width}x${height}x${spp} needs ${count * spp} samples, got ${data.length}`);
  }
  const typeBits = integerBits(data);
  const bits = typeBits === 0 ? 0 : Math.min(frame.bitsStored, typeBits);
  const mask = bits > 0 && bits < 32 ? 2 ** bits - 1 : 0;
  const signBit = bits > 0 ? 2 ** (bits - 1) : 0;
  const sample = (v: number): number => {
    if (bits === 0) return v;
    if (bits >= 32) return frame.signed ? v | 0 : v >>> 0;
    const raw = v & mask;
    return frame.signed && raw >= signBit ? raw - 2 * signBit : raw;
  };
  const photometric = frame.photometric.toUpperCase();
  const lumaOnly = photometric.startsWith('YBR');
  const negate = photometric === 'MONOCHROME1';

  const values = new Float32Array(count);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < count; i++) {
    let v: number;
    if (spp === 1 || lumaOnly) {
      v = sample(data[i * spp]);
    } else {
      const base = i * 3;
      v = Math.max(sample(data[base]), sample(data[base + 1]), sample(data[base + 2]));
    }
    if (negate) v = -v;
    values[i] = v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { values, width, height, min, max };
}

/** Number of pixels whose value equals `target` exactly. */
export function countEqual(plane: IntensityPlane, target: number): number {
  let n = 0;
  const { values } = plane;
  for (let i = 0; i < values.length; i++) if (values[i] === target) n++;
  return n;
}

/** Number of pixels with `low < value <= high`. */
export function countWithin(plane: IntensityPlane, low: number, high: number): number {
  let n = 0;
  const { values } = plane;
  for (let i = 0; i < values.length; i++) if (values[i] > low && values[i] <= high) n++;
  return n;
}

/**
 * The value `v` such that about `fraction` of the pixels are >= `v` (histogram of 4096 bins, so
 * the answer is exact to 1/4096 of the value range).
 */
export function upperQuantile(plane: IntensityPlane, fraction: number): number {
  const { values, min, max } = plane;
  if (max === min) return max;
  const bins = 4096;
  const hist = new Uint32Array(bins);
  const k = (bins - 1) / (max - min);
  for (let i = 0; i < values.length; i++) hist[Math.floor((values[i] - min) * k)]++;
  const wanted = Math.max(1, Math.floor(values.length * fraction));
  let seen = 0;
  for (let b = bins - 1; b >= 0; b--) {
    seen += hist[b];
    if (seen >= wanted) return min + b / k;
  }
  return min;
}
