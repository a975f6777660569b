/**
 * Test support for "one picture of a frame": fixture images that reach every branch of the shared
 * display function (signed CT with rescale and window, MONOCHROME1 without a window, a fractional
 * slope with a two-value window, 12-bit RGB, a 16-bit palette), a small PNG reader, and the
 * viewer's half of the pipeline (main-process frame → renderer pixels → cornerstone image).
 */
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import type { Image } from 'cornerstone-core';
import { renderFrame } from '../../src/main/pixels/viewerFrame';
import { framePixels } from '../../src/renderer/review/framePixels';
import { toCornerstoneImage } from '../../src/renderer/viewer/decodedPixels';
import { el } from '../fixtures/elements';
import { sampleBytes, writeBurnedImage } from '../fixtures/burnedInImages';

const PATIENT = { name: 'PICTURE^TEST', id: 'PIC001', birthDate: '19700101' };
const ROWS = 24;
const COLS = 32;

/** One fixture image and what it exercises. */
export interface PictureFixture {
  path: string;
  /** Relative to the folder, without `.dcm`: where the PNG export puts its picture. */
  name: string;
  colour: boolean;
}

/** A ramp over `low..high` in row-major order, touching both ends. */
function ramp(n: number, low: number, high: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.round(low + ((high - low) * i) / (n - 1)));
}

/** Writes the fixture images under `root`. */
export function writeFramePictures(root: string): PictureFixture[] {
  const n = ROWS * COLS;
  const out: PictureFixture[] = [];
  const add = (name: string, colour: boolean, spec: Omit<Parameters<typeof writeBurnedImage>[1], 'path' | 'patient' | 'rows' | 'cols'>): void => {
    out.push({ path: writeBurnedImage(root, { path: `${name}.dcm`, patient: PATIENT, rows: ROWS, cols: COLS, ...spec }), name, colour });
  };
  // CT: stored -2048..2047 through intercept -1024 and window 40/400; the values at and beside the
  // window's edges (modality -160 and 239) are planted.
  const ct = Int16Array.from(ramp(n, -2048, 2047));
  ct.set([864, 863, 865, 1263, 1262, 1264, 1064], 0);
  add('ct-signed', false, {
    photometric: 'MONOCHROME2', bitsAllocated: 16, bitsStored: 12, signed: true, pixelData: sampleBytes(ct),
    extra: [el('WindowCenter', '40'), el('WindowWidth', '400'), el('RescaleIntercept', '-1024'), el('RescaleSlope', '1')],
  });
  // MONOCHROME1 without a window: the frame's own range, inverted.
  add('mono1-range', false, { photometric: 'MONOCHROME1', bitsAllocated: 16, bitsStored: 16, pixelData: sampleBytes(Uint16Array.from(ramp(n, 100, 60000))) });
  // 8-bit, slope 0.5, window 100/2: a line from 99 to 100 in modality units (stored 198..200).
  add('slope-narrow', false, {
    photometric: 'MONOCHROME2', bitsAllocated: 8, bitsStored: 8, pixelData: Uint8Array.from(ramp(n, 150, 250)),
    extra: [el('WindowCenter', '100'), el('WindowWidth', '2'), el('RescaleIntercept', '0'), el('RescaleSlope', '0.5')],
  });
  // 12-bit RGB: the top 8 stored bits.
  add('rgb-12bit', true, {
    photometric: 'RGB', bitsAllocated: 16, bitsStored: 12, burnedInAnnotation: 'NO',
    pixelData: sampleBytes(Uint16Array.from({ length: n * 3 }, (_, i) => (i * 97) % 4096)),
  });
  // Palette of 16-bit entries, first mapped value 16: indices below it take the first entry.
  // (0028,1101-1103) are the Red/Green/Blue Palette Color Lookup Table Descriptors, (0028,1201-1203)
  // their LUT Data; the fixtures' keyword table does not name them.
  const entries = 64;
  const lut = (f: (i: number) => number): Uint8Array => sampleBytes(Uint16Array.from({ length: entries }, (_, i) => f(i)));
  add('palette-16bit', true, {
    photometric: 'PALETTE COLOR', bitsAllocated: 8, bitsStored: 8, pixelData: Uint8Array.from({ length: n }, (_, i) => i % 96),
    extra: [
      el(0x00281101, [entries, 16, 16], 'US'), el(0x00281102, [entries, 16, 16], 'US'), el(0x00281103, [entries, 16, 16], 'US'),
      el(0x00281201, lut((i) => i * 1024), 'OW'), el(0x00281202, lut((i) => 65535 - i * 1000), 'OW'), el(0x00281203, lut((i) => (i * 4099) % 65536), 'OW'),
    ],
  });
  return out;
}

/** An 8-bit grey or RGB PNG read back: the samples, row by row. */
interface ReadPng {
  width: number;
  height: number;
  channels: 1 | 3;
  data: Uint8Array;
}

/** Reads an 8-bit greyscale or truecolour PNG (any filter, no interlace). */
export function readPng(path: string): ReadPng {
  const bytes = new Uint8Array(readFileSync(path));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 8;
  let width = 0;
  let height = 0;
  let channels: 1 | 3 = 1;
  const idat: Uint8Array[] = [];
  while (at < bytes.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const body = bytes.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
      if (body[8] !== 8 || (body[9] !== 0 && body[9] !== 2) || body[12] !== 0) throw new Error(`unsupported PNG ${path}`);
      channels = body[9] === 2 ? 3 : 1;
    } else if (type === 'IDAT') {
      idat.push(body);
    }
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const data = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x];
      const a = x >= channels ? data[y * stride + x - channels] : 0;
      const b = y > 0 ? data[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? data[(y - 1) * stride + x - channels] : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter];
      if (predictor === undefined) throw new Error(`bad PNG filter ${filter} in ${path}`);
      data[y * stride + x] = (v + predictor) & 0xff;
    }
  }
  return { width, height, channels, data };
}

/**
 * Frame `index` of the image at `path` as the viewer gets it: the main process's `imagesFrame`
 * answer (gray16, as the review screen asks), the renderer's pixels, the cornerstone image.
 */
export async function viewerImage(path: string, index = 0): Promise<Image> {
  const answer = { imageId: 'img_picture', ...(await renderFrame(path, index, 'gray16')) };
  return toCornerstoneImage(`deid:img_picture|${index}`, framePixels(answer));
}
