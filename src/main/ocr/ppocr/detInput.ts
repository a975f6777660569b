/**
 * The detector's input: the image resized to sides that are multiples of 32 (the DB network
 * downsamples five times) and normalised the way PP-OCR was trained (ImageNet mean and deviation,
 * BGR channel order, planar). Grey images become three identical channels.
 */
import type { TextImage } from '../textEngines';

/**
 * The longest model-input side by default. PaddleOCR's own default is 960; we allow more because
 * medical frames carry small annotation text on large matrices (a 2140-pixel CR keeps 72 % of its
 * resolution instead of 45 %). The cost grows with the area: see src/main/ocr/README.md.
 */
const DEFAULT_MAX_SIDE = 1536;
/**
 * Images smaller than this (longest side) are magnified, up to `MAX_UPSCALE`, because the model
 * misses text under ~8 px: a 256-pixel frame is read at 640.
 */
const UPSCALE_TO = 640;
const MAX_UPSCALE = 3;
/** The text height (model pixels) the detector finds most reliably, for `textHeight` scaling. */
const TARGET_TEXT_PX = 24;

/**
 * Model pixels of border added on every side. Text that touches the image edge is missed without
 * it (the network sees half a glyph and no background beyond): an "O" at x = 1 and the end of a
 * line in the bottom-right corner were, in our fixtures. The border takes the edge's median colour.
 */
const PAD = 16;

/** The model-input size chosen for an image and the factors that map image pixels to it. */
export interface DetGeometry {
  /** Tensor size, border included (multiples of 32). */
  width: number;
  height: number;
  /** Border on every side, model pixels. */
  pad: number;
  /** Model pixels per image pixel, horizontally and vertically. */
  sx: number;
  sy: number;
}

/**
 * Chooses the model-input size of a `width` × `height` image. Without `textHeight`, small images
 * are magnified and large ones shrunk only to fit `maxSide`; with it, the image is scaled so that
 * text of that height becomes about 24 model pixels (smaller, faster input for large text).
 */
export function detGeometry(width: number, height: number, opts: { maxSide?: number; textHeight?: number } = {}): DetGeometry {
  const maxSide = Math.max(64, Math.floor((opts.maxSide ?? DEFAULT_MAX_SIDE) / 32) * 32);
  const long = Math.max(width, height);
  let scale = opts.textHeight !== undefined && opts.textHeight > 0 ? TARGET_TEXT_PX / opts.textHeight : long < UPSCALE_TO ? Math.min(MAX_UPSCALE, UPSCALE_TO / long) : 1;
  scale = Math.min(scale, MAX_UPSCALE, (maxSide - 2 * PAD) / long);
  const side = (n: number): number => Math.min(maxSide, Math.max(64, Math.round((n * scale + 2 * PAD) / 32) * 32));
  const w = side(width);
  const h = side(height);
  return { width: w, height: h, pad: PAD, sx: (w - 2 * PAD) / width, sy: (h - 2 * PAD) / height };
}

const MEAN = [0.485, 0.456, 0.406];
const STD = [0.229, 0.224, 0.225];

/**
 * The normalised planar BGR tensor data (`3 × height × width`) of `image` resized bilinearly into
 * `geometry` inside its border (pixel centres aligned, as OpenCV's INTER_LINEAR; averaged first
 * when shrinking), the border filled with the median colour of the image's outermost pixels.
 */
export function detTensor(source: TextImage, geometry: DetGeometry): Float32Array {
  const { width: W, height: H, pad } = geometry;
  // Shrinking by more than ~1.5 with two taps would skip whole 1-pixel strokes: average first.
  const image = boxFilter(source, Math.round(1 / geometry.sx), Math.round(1 / geometry.sy));
  const plane = W * H;
  const out = new Float32Array(3 * plane);
  const innerW = W - 2 * pad;
  const innerH = H - 2 * pad;
  const xs = axisTaps(innerW, image.width);
  const ys = axisTaps(innerH, image.height);
  const c = image.channels;
  const src = image.data;
  // Per channel, value v maps to (v / 255 - mean) / std.
  const scale = [0, 1, 2].map((k) => 1 / (255 * STD[k]));
  const offset = [0, 1, 2].map((k) => -MEAN[k] / STD[k]);
  // Model channel k is BGR: RGB input is read back to front; grey feeds all three.
  const sourceChannel = (k: number): number => (c === 3 ? 2 - k : 0);
  const border = edgeMedian(image);
  for (let k = 0; k < 3; k++) out.fill(border[sourceChannel(k)] * scale[k] + offset[k], k * plane, (k + 1) * plane);
  for (let y = 0; y < innerH; y++) {
    const r0 = ys.i0[y] * image.width;
    const r1 = ys.i1[y] * image.width;
    const fy = ys.f[y];
    for (let x = 0; x < innerW; x++) {
      const a = (r0 + xs.i0[x]) * c;
      const b = (r0 + xs.i1[x]) * c;
      const d = (r1 + xs.i0[x]) * c;
      const e = (r1 + xs.i1[x]) * c;
      const fx = xs.f[x];
      const o = (y + pad) * W + x + pad;
      for (let k = 0; k < 3; k++) {
        const s = sourceChannel(k);
        const top = src[a + s] + (src[b + s] - src[a + s]) * fx;
        const bottom = src[d + s] + (src[e + s] - src[d + s]) * fx;
        out[k * plane + o] = (top + (bottom - top) * fy) * scale[k] + offset[k];
      }
    }
  }
  return out;
}

/** Per channel, the median value of the image's outermost rows and columns. */
function edgeMedian(image: TextImage): number[] {
  const { width, height, channels: c, data } = image;
  return Array.from({ length: c }, (_, k) => {
    const counts = new Uint32Array(256);
    let n = 0;
    const add = (x: number, y: number): void => {
      counts[data[(y * width + x) * c + k]]++;
      n++;
    };
    for (let x = 0; x < width; x++) {
      add(x, 0);
      add(x, height - 1);
    }
    for (let y = 0; y < height; y++) {
      add(0, y);
      add(width - 1, y);
    }
    let seen = 0;
    for (let v = 0; v < 256; v++) {
      seen += counts[v];
      if (seen * 2 >= n) return v;
    }
    return 0;
  });
}

/** For each output index along one axis: the two source indices and the weight of the second. */
export function axisTaps(outLength: number, inLength: number): { i0: Int32Array; i1: Int32Array; f: Float32Array } {
  const i0 = new Int32Array(outLength);
  const i1 = new Int32Array(outLength);
  const f = new Float32Array(outLength);
  const ratio = inLength / outLength;
  for (let o = 0; o < outLength; o++) {
    const s = Math.min(inLength - 1, Math.max(0, (o + 0.5) * ratio - 0.5));
    const lo = Math.floor(s);
    i0[o] = lo;
    i1[o] = Math.min(inLength - 1, lo + 1);
    f[o] = s - lo;
  }
  return { i0, i1, f };
}

/**
 * `image` averaged over `kx` × `ky` windows centred on each pixel (clipped at the edges), or
 * `image` itself when both are 1 or less; a separable running sum, so the cost is per pixel.
 */
function boxFilter(image: TextImage, kx: number, ky: number): TextImage {
  if (kx <= 1 && ky <= 1) return image;
  const { width, height, channels: c } = image;
  const pass = (src: Uint8Array, k: number, horizontal: boolean): Uint8Array => {
    if (k <= 1) return src;
    const out = new Uint8Array(src.length);
    const lines = horizontal ? height : width;
    const length = horizontal ? width : height;
    const stride = horizontal ? c : width * c;
    const before = Math.floor((k - 1) / 2);
    const after = k - 1 - before;
    for (let line = 0; line < lines; line++) {
      const base = horizontal ? line * width * c : line * c;
      for (let ch = 0; ch < c; ch++) {
        let sum = 0;
        let n = 0;
        for (let i = 0; i < Math.min(length, after + 1); i++) {
          sum += src[base + ch + i * stride];
          n++;
        }
        for (let i = 0; i < length; i++) {
          out[base + ch + i * stride] = Math.round(sum / n);
          const enter = i + after + 1;
          const leave = i - before;
          if (enter < length) {
            sum += src[base + ch + enter * stride];
            n++;
          }
          if (leave >= 0) {
            sum -= src[base + ch + leave * stride];
            n--;
          }
        }
      }
    }
    return out;
  };
  return { width, height, channels: c, data: pass(pass(image.data, kx, true), ky, false) };
}
