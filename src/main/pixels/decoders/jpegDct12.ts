import type { CodecImage } from './codecImage';
import { PixelDecodeError } from './pixelErrors';
import { idctIslow12 } from './idctIslow12';
import { limitNamed, limits } from '../../dicom/limits';

interface HuffmanTable {
  /** Largest code of each length 1..16, or -1 when there is none. */
  maxCode: Int32Array;
  /** Index in `values` of the first code of each length, minus that code. */
  offset: Int32Array;
  values: Uint8Array;
}

interface Component {
  id: number;
  h: number;
  v: number;
  quantTable: number;
  blocksPerLine: number;
  blocksPerColumn: number;
  /** Decoded samples, blocksPerLine × 8 wide. */
  samples: Uint16Array;
  dcTable?: HuffmanTable;
  acTable?: HuffmanTable;
  pred: number;
}

const ZIGZAG = new Uint8Array([
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21,
  28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61,
  54, 47, 55, 62, 63,
]);

function fail(why: string): never {
  throw new PixelDecodeError('CODEC_FAILED', `12-bit JPEG: ${why}`);
}

function buildHuffman(counts: Uint8Array, values: Uint8Array): HuffmanTable {
  const maxCode = new Int32Array(18).fill(-1);
  const offset = new Int32Array(18);
  let code = 0;
  let k = 0;
  for (let len = 1; len <= 16; len++) {
    offset[len] = k - code;
    code += counts[len - 1];
    k += counts[len - 1];
    if (counts[len - 1] > 0) maxCode[len] = code - 1;
    code <<= 1;
  }
  return { maxCode, offset, values };
}

/** Reads entropy-coded bits; past a marker it feeds zeros, as libjpeg does for corrupt data. */
class BitReader {
  private bits = 0;
  private count = 0;
  hitMarker = false;
  private readonly data: Uint8Array;
  at: number;
  constructor(data: Uint8Array, at: number) {
    this.data = data;
    this.at = at;
  }

  private fill(): void {
    let byte = 0;
    if (!this.hitMarker && this.at < this.data.length) {
      byte = this.data[this.at];
      if (byte === 0xff) {
        const next = this.data[this.at + 1];
        if (next === 0x00) {
          this.at += 2;
        } else {
          this.hitMarker = true;
          byte = 0;
        }
      } else {
        this.at++;
      }
    }
    this.bits = ((this.bits << 8) | byte) >>> 0;
    this.count += 8;
  }

  bit(): number {
    if (this.count === 0) this.fill();
    this.count--;
    return (this.bits >>> this.count) & 1;
  }

  receive(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) v = (v << 1) | this.bit();
    return v;
  }

  decode(table: HuffmanTable): number {
    let code = this.bit();
    let len = 1;
    while (len <= 16 && code > table.maxCode[len]) {
      code = (code << 1) | this.bit();
      len++;
    }
    if (len > 16) return 0; // corrupt data: libjpeg substitutes a zero
    return table.values[table.offset[len] + code];
  }

  /** Skips to the restart marker and resets the bit buffer. */
  restart(): void {
    this.bits = 0;
    this.count = 0;
    let i = this.at;
    while (i + 1 < this.data.length && !(this.data[i] === 0xff && this.data[i + 1] >= 0xd0 && this.data[i + 1] <= 0xd7)) i++;
    this.at = Math.min(i + 2, this.data.length);
    this.hitMarker = false;
  }
}

function extend(v: number, s: number): number {
  return s === 0 ? 0 : v < 1 << (s - 1) ? v - (1 << s) + 1 : v;
}

/**
 * A sequential Huffman DCT JPEG decoder (ITU T.81 processes 1, 2 and 4: SOF0/SOF1) for 12-bit
 * samples, which libjpeg-turbo's 8-bit build cannot read (DICOM JPEG Extended, .51). The inverse
 * DCT is IJG's integer "islow" method so results match DCMTK's dcmdjpeg. Components are not
 * colour-converted; subsampled components are upsampled by replication.
 * Returns 16-bit little-endian samples; malformed streams raise `CODEC_FAILED`, progressive or
 * arithmetic-coded ones `CANNOT_DECODE`.
 */
export function decodeJpegDct12(bytes: Uint8Array): CodecImage {
  try {
    return decodeStream(bytes);
  } catch (e) {
    if (e instanceof PixelDecodeError) throw e;
    throw new PixelDecodeError('CODEC_FAILED', `12-bit JPEG: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

function decodeStream(bytes: Uint8Array): CodecImage {
  const quant: (Int32Array | undefined)[] = [];
  const dcTables: (HuffmanTable | undefined)[] = [];
  const acTables: (HuffmanTable | undefined)[] = [];
  let components: Component[] = [];
  let width = 0;
  let height = 0;
  let precision = 0;
  let hMax = 1;
  let vMax = 1;
  let restartInterval = 0;
  let sawScan = false;
  let at = 2;
  const u16 = (i: number): number => (bytes[i] << 8) | bytes[i + 1];
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) fail(`marker expected at ${at}`);
    const marker = bytes[at + 1];
    if (marker === 0xff) {
      at++;
      continue;
    }
    if (marker === 0xd9) break;
    const length = u16(at + 2);
    const seg = at + 4;
    const end = at + 2 + length;
    if (marker === 0xdb) {
      for (let p = seg; p < end; ) {
        const pq = bytes[p] >> 4;
        const table = new Int32Array(64);
        for (let k = 0; k < 64; k++) table[ZIGZAG[k]] = pq ? u16(p + 1 + 2 * k) : bytes[p + 1 + k];
        quant[bytes[p] & 15] = table;
        p += 1 + (pq ? 128 : 64);
      }
    } else if (marker === 0xc4) {
      for (let p = seg; p < end; ) {
        const counts = bytes.subarray(p + 1, p + 17);
        const total = counts.reduce((a, b) => a + b, 0);
        const table = buildHuffman(counts, bytes.slice(p + 17, p + 17 + total));
        if (bytes[p] >> 4) acTables[bytes[p] & 15] = table;
        else dcTables[bytes[p] & 15] = table;
        p += 17 + total;
      }
    } else if (marker === 0xdd) {
      restartInterval = u16(seg);
    } else if (marker === 0xc0 || marker === 0xc1) {
      precision = bytes[seg];
      height = u16(seg + 1);
      width = u16(seg + 3);
      const n = bytes[seg + 5];
      components = [];
      for (let c = 0; c < n; c++) {
        const p = seg + 6 + c * 3;
        components.push({
          id: bytes[p], h: bytes[p + 1] >> 4, v: bytes[p + 1] & 15, quantTable: bytes[p + 2],
          blocksPerLine: 0, blocksPerColumn: 0, samples: new Uint16Array(0), pred: 0,
        });
      }
      if (n === 0 || components.some((c) => c.h < 1 || c.h > 4 || c.v < 1 || c.v > 4)) fail('bad component sampling factors');
      hMax = Math.max(...components.map((c) => c.h));
      vMax = Math.max(...components.map((c) => c.v));
      // Bound before allocating: a 10 KB stream may claim 65500x65500 (more than 12 GB of blocks).
      const blockBytes = Math.ceil(width / (8 * hMax)) * 8 * hMax * Math.ceil(height / (8 * vMax)) * 8 * vMax * n * 2;
      if (blockBytes > limits().maxFrameBytes) {
        throw new PixelDecodeError('OVER_LIMIT', `12-bit JPEG frame of ${width}x${height}x${n} needs ${blockBytes} bytes: ${limitNamed('maxFrameBytes')}`);
      }
      const mcusX = Math.ceil(width / (8 * hMax));
      const mcusY = Math.ceil(height / (8 * vMax));
      for (const c of components) {
        c.blocksPerLine = mcusX * c.h;
        c.blocksPerColumn = mcusY * c.v;
        c.samples = new Uint16Array(c.blocksPerLine * 8 * c.blocksPerColumn * 8);
      }
    } else if (marker >= 0xc2 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      throw new PixelDecodeError('CANNOT_DECODE', `cannot decode JPEG process SOF 0x${marker.toString(16)} with ${bytes[seg]}-bit samples`);
    } else if (marker === 0xda) {
      if (components.length === 0) fail('scan before frame header');
      const ns = bytes[seg];
      const scan: Component[] = [];
      for (let i = 0; i < ns; i++) {
        const c = components.find((x) => x.id === bytes[seg + 1 + i * 2]);
        if (!c) fail('scan names an unknown component');
        c.dcTable = dcTables[bytes[seg + 2 + i * 2] >> 4];
        c.acTable = acTables[bytes[seg + 2 + i * 2] & 15];
        scan.push(c);
      }
      at = decodeScan(bytes, end, scan, { width, height, hMax, vMax, restartInterval, quant, precision });
      sawScan = true;
      continue;
    }
    at = end;
  }
  if (!sawScan) fail('no scan');
  if (width === 0 || height === 0) fail(`bad frame size ${width}x${height}`);
  return assemble(components, width, height, hMax, vMax, precision);
}

interface ScanContext {
  width: number;
  height: number;
  hMax: number;
  vMax: number;
  restartInterval: number;
  quant: (Int32Array | undefined)[];
  precision: number;
}

function decodeScan(bytes: Uint8Array, start: number, scan: Component[], ctx: ScanContext): number {
  const reader = new BitReader(bytes, start);
  const coef = new Int32Array(64);
  const single = scan.length === 1;
  const c0 = scan[0];
  // A non-interleaved scan covers the component's own block grid, not the MCU-padded one.
  const blocksX = single ? Math.ceil(Math.ceil((ctx.width * c0.h) / ctx.hMax) / 8) : Math.ceil(ctx.width / (8 * ctx.hMax));
  const blocksY = single ? Math.ceil(Math.ceil((ctx.height * c0.v) / ctx.vMax) / 8) : Math.ceil(ctx.height / (8 * ctx.vMax));
  const units = blocksX * blocksY;
  for (const c of scan) c.pred = 0;
  const decodeBlock = (c: Component, bx: number, by: number): void => {
    const q = ctx.quant[c.quantTable];
    if (!q || !c.dcTable || !c.acTable) fail('missing quantisation or Huffman table');
    coef.fill(0);
    const t = reader.decode(c.dcTable);
    // libjpeg keeps coefficients in 16-bit JCOEF.
    c.pred = (((c.pred + extend(reader.receive(t), t)) << 16) >> 16);
    coef[0] = c.pred;
    for (let k = 1; k < 64; ) {
      const rs = reader.decode(c.acTable);
      const r = rs >> 4;
      const s = rs & 15;
      if (s) {
        k += r;
        if (k > 63) break;
        coef[ZIGZAG[k]] = (extend(reader.receive(s), s) << 16) >> 16;
        k++;
      } else if (r === 15) {
        k += 16;
      } else {
        break;
      }
    }
    const stride = c.blocksPerLine * 8;
    idctIslow12(coef, q, c.samples, (by * 8) * stride + bx * 8, stride, ctx.precision);
  };
  for (let u = 0; u < units; u++) {
    if (ctx.restartInterval > 0 && u > 0 && u % ctx.restartInterval === 0) {
      reader.restart();
      for (const c of scan) c.pred = 0;
    }
    const ux = u % blocksX;
    const uy = Math.floor(u / blocksX);
    if (single) {
      decodeBlock(c0, ux, uy);
    } else {
      for (const c of scan) for (let y = 0; y < c.v; y++) for (let x = 0; x < c.h; x++) decodeBlock(c, ux * c.h + x, uy * c.v + y);
    }
  }
  // Resume marker parsing at the next marker after the entropy-coded data.
  let i = reader.at;
  while (i + 1 < bytes.length && !(bytes[i] === 0xff && bytes[i + 1] !== 0 && !(bytes[i + 1] >= 0xd0 && bytes[i + 1] <= 0xd7))) i++;
  return i;
}

function assemble(components: Component[], width: number, height: number, hMax: number, vMax: number, precision: number): CodecImage {
  const n = components.length;
  const out = new Uint8Array(width * height * n * 2);
  const view = new DataView(out.buffer);
  components.forEach((c, ci) => {
    const stride = c.blocksPerLine * 8;
    const sx = hMax / c.h;
    const sy = vMax / c.v;
    for (let y = 0; y < height; y++) {
      const row = Math.floor(y / sy) * stride;
      for (let x = 0; x < width; x++) view.setUint16(((y * width + x) * n + ci) * 2, c.samples[row + Math.floor(x / sx)], true);
    }
  });
  return { bytes: out, width, height, components: n, bytesPerSample: 2, convertedToRgb: false, precision };
}
