import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { el } from '../../../test/fixtures/elements';
import { encodeGrayFrame } from '../../../test/fixtures/codecEncoders';
import { framesBytes, overlayGroup, sampleBytes, writeBurnedImage, type BurnedImageSpec } from '../../../test/fixtures/burnedInImages';
import { encodeRleFrame } from '../../../test/fixtures/rle';
import { optionalJudge } from '../../../test/support/judges';
import type { DeidOptionCode } from '../../shared/deidOptions';
import { deidentifyTask } from '../deid/deidentifyFile';
import type { PixelPlan } from '../deid/pixelPlan';
import type { FrameBox } from './redactPixels';

const work = mkdtempSync(join(tmpdir(), 'deid-redact-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const W = 16;
const H = 12;
const PATIENT = { name: 'DOE^JANE', id: 'PX-1', birthDate: '19700101' };
/** A 6x5 box at (4,3); padded by 2 px on every side it covers x 2..11 and y 1..9. */
const BOX = { x: 4, y: 3, w: 6, h: 5 };
const inBox = (x: number, y: number): boolean => x >= 2 && x < 12 && y >= 1 && y < 10;

function plan(frameBoxes: FrameBox[], extra: Partial<PixelPlan> = {}): PixelPlan {
  return { ocr: 'done', ocrError: null, frameBoxes, overlayBoxes: {}, clearHiddenBits: false, keepOverlays: false, ...extra };
}

let counter = 0;
/** De-identifies `spec` with `pixels` and returns the output parsed by dicom-parser (an independent reader). */
async function redact(spec: Omit<BurnedImageSpec, 'path' | 'patient'>, pixels: PixelPlan, options: DeidOptionCode[] = ['113100']) {
  const name = `img${++counter}`;
  const input = writeBurnedImage(work, { ...spec, path: `${name}.dcm`, patient: PATIENT, instance: counter });
  const target = join(work, 'out', `${name}.dcm`);
  const result = await deidentifyTask({ path: input, target, subjectId: 'SUBJ-1', patientName: 'SUBJ-1', options, secretHex: '00'.repeat(32), allowUncleaned: false, overwrite: true, pixels, pixelCleaning: true });
  expect(result.status, result.reason).toBe('written');
  const bytes = new Uint8Array(readFileSync(target));
  const ds = dicomParser.parseDicom(bytes);
  const pixel = ds.elements.x7fe00010;
  return { input, target, result, ds, pixelBytes: bytes.subarray(pixel.dataOffset, pixel.dataOffset + pixel.length) };
}

function expectCleanRecord(ds: dicomParser.DataSet): void {
  expect(ds.string('x00280301')).toBe('NO');
  expect(ds.elements.x00120064?.items?.map((i) => i.dataSet?.string('x00080100'))).toContain('113101');
  expect(ds.string('x00020010')).toBe('1.2.840.10008.1.2.1');
}

/** Grey samples: a ramp in x and y. */
function grey<T extends Uint8Array | Uint16Array | Int16Array>(make: (n: number) => T, f: (x: number, y: number) => number): T {
  const a = make(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) a[y * W + x] = f(x, y);
  return a;
}

describe('burning boxes into pixels, pixel-exact', () => {
  type Samples = Uint8Array | Uint16Array | Int16Array;
  const greyCases: readonly { name: string; photometric: 'MONOCHROME1' | 'MONOCHROME2'; bitsAllocated: 8 | 16; bitsStored: number; signed: boolean; make: (n: number) => Samples; f: (x: number, y: number) => number; black: number }[] = [
    { name: 'MONOCHROME2 16-bit, 12 stored', photometric: 'MONOCHROME2', bitsAllocated: 16, bitsStored: 12, signed: false, make: (n: number) => new Uint16Array(n), f: (x: number, y: number) => (x * 257 + y * 31) % 4096, black: 0 },
    { name: 'MONOCHROME2 16-bit signed', photometric: 'MONOCHROME2', bitsAllocated: 16, bitsStored: 16, signed: true, make: (n: number) => new Int16Array(n), f: (x: number, y: number) => x * 900 - y * 700, black: -32768 },
    { name: 'MONOCHROME2 8-bit', photometric: 'MONOCHROME2', bitsAllocated: 8, bitsStored: 8, signed: false, make: (n: number) => new Uint8Array(n), f: (x: number, y: number) => 20 + x * 9 + y, black: 0 },
    { name: 'MONOCHROME1 8-bit', photometric: 'MONOCHROME1', bitsAllocated: 8, bitsStored: 8, signed: false, make: (n: number) => new Uint8Array(n), f: (x: number, y: number) => 10 + x * 7 + y * 3, black: 255 },
    { name: 'MONOCHROME1 16-bit signed, 12 stored', photometric: 'MONOCHROME1', bitsAllocated: 16, bitsStored: 12, signed: true, make: (n: number) => new Int16Array(n), f: (x: number, y: number) => x * 200 - 1500 + y, black: 2047 },
  ];
  for (const c of greyCases) {
    it(c.name, async () => {
      const samples = grey(c.make, c.f);
      const out = await redact(
        { rows: H, cols: W, photometric: c.photometric, bitsAllocated: c.bitsAllocated, bitsStored: c.bitsStored, signed: c.signed, pixelData: sampleBytes(samples) },
        plan([{ ...BOX, frame: null }]),
      );
      const expected = c.make(W * H);
      for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) expected[y * W + x] = inBox(x, y) ? c.black : samples[y * W + x];
      expect(Buffer.from(out.pixelBytes).equals(Buffer.from(sampleBytes(expected)))).toBe(true);
      expect(out.ds.string('x00280004')).toBe(c.photometric);
      expect([out.ds.uint16('x00280100'), out.ds.uint16('x00280101'), out.ds.uint16('x00280102'), out.ds.uint16('x00280103')]).toEqual([c.bitsAllocated, c.bitsStored, c.bitsStored - 1, c.signed ? 1 : 0]);
      expectCleanRecord(out.ds);
      expect(out.result.pixels).toBe('redacted');
    });
  }

  const rgb = (x: number, y: number): [number, number, number] => [(x * 13 + 40) & 255, (y * 17 + 90) & 255, (x * y + 7) & 255];
  const expectedRgb = (): Uint8Array => {
    const out = new Uint8Array(W * H * 3);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (!inBox(x, y)) out.set(rgb(x, y), (y * W + x) * 3);
    return out;
  };

  it('RGB colour-by-pixel', async () => {
    const samples = new Uint8Array(W * H * 3);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) samples.set(rgb(x, y), (y * W + x) * 3);
    const out = await redact({ rows: H, cols: W, photometric: 'RGB', bitsAllocated: 8, bitsStored: 8, planar: 0, pixelData: samples }, plan([{ ...BOX, frame: null }]));
    expect(Buffer.from(out.pixelBytes).equals(Buffer.from(expectedRgb()))).toBe(true);
    expect(out.ds.uint16('x00280006')).toBe(0);
  });

  it('RGB colour-by-plane, written colour-by-pixel', async () => {
    const samples = new Uint8Array(W * H * 3);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) rgb(x, y).forEach((v, c) => (samples[c * W * H + y * W + x] = v));
    const out = await redact({ rows: H, cols: W, photometric: 'RGB', bitsAllocated: 8, bitsStored: 8, planar: 1, pixelData: samples }, plan([{ ...BOX, frame: null }]));
    expect(Buffer.from(out.pixelBytes).equals(Buffer.from(expectedRgb()))).toBe(true);
    expect(out.ds.uint16('x00280006')).toBe(0);
  });

  /** JFIF YCbCr -> RGB (PS3.3 C.7.6.3.1.2), rounded and clamped: the decoder's job, restated here. */
  const ybrToRgb = (y: number, cb: number, cr: number): [number, number, number] => {
    const c = (v: number) => Math.min(255, Math.max(0, Math.floor(v + 0.5)));
    return [c(y + 1.402 * (cr - 128)), c(y - 0.344136 * (cb - 128) - 0.714136 * (cr - 128)), c(y + 1.772 * (cb - 128))];
  };
  const ybr = (x: number, y: number): [number, number, number] => [30 + x * 11 + y, 100 + y * 5, 150 - x * 3];

  it('YBR_FULL, written as RGB', async () => {
    const samples = new Uint8Array(W * H * 3);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) samples.set(ybr(x, y), (y * W + x) * 3);
    const out = await redact({ rows: H, cols: W, photometric: 'YBR_FULL', bitsAllocated: 8, bitsStored: 8, pixelData: samples }, plan([{ ...BOX, frame: null }]));
    const expected = new Uint8Array(W * H * 3);
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (!inBox(x, y)) expected.set(ybrToRgb(...ybr(x, y)), (y * W + x) * 3);
    expect(Buffer.from(out.pixelBytes).equals(Buffer.from(expected))).toBe(true);
    expect(out.ds.string('x00280004')).toBe('RGB');
  });

  it('YBR_FULL_422, written as RGB', async () => {
    // Each horizontal pair stores Y1 Y2 Cb Cr; both pixels take the pair's chroma.
    const samples = new Uint8Array((W / 2) * H * 4);
    for (let y = 0; y < H; y++) {
      for (let p = 0; p < W / 2; p++) {
        const [y1, cb, cr] = ybr(2 * p, y);
        samples.set([y1, ybr(2 * p + 1, y)[0], cb, cr], (y * (W / 2) + p) * 4);
      }
    }
    const out = await redact({ rows: H, cols: W, photometric: 'YBR_FULL_422', bitsAllocated: 8, bitsStored: 8, pixelData: samples }, plan([{ ...BOX, frame: null }]));
    const expected = new Uint8Array(W * H * 3);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        const pair = ybr(x - (x % 2), y);
        if (!inBox(x, y)) expected.set(ybrToRgb(ybr(x, y)[0], pair[1], pair[2]), (y * W + x) * 3);
      }
    }
    expect(Buffer.from(out.pixelBytes).equals(Buffer.from(expected))).toBe(true);
    expect(out.ds.string('x00280004')).toBe('RGB');
  });

  it('PALETTE COLOR: boxes take the index of the darkest entry', async () => {
    // 16-bit entries; entry 7 is black, every other entry bright.
    const lut = (channel: number) => {
      const words = new Uint16Array(256);
      for (let i = 0; i < 256; i++) words[i] = i === 7 ? 0 : 0x4000 + i * 64 + channel * 1000;
      return sampleBytes(words);
    };
    const samples = grey((n) => new Uint8Array(n), (x, y) => 20 + x + y * 16);
    const extra = [
      el(0x00281101, [256, 0, 16], 'US'), el(0x00281102, [256, 0, 16], 'US'), el(0x00281103, [256, 0, 16], 'US'),
      el(0x00281201, lut(0), 'OW'), el(0x00281202, lut(1), 'OW'), el(0x00281203, lut(2), 'OW'),
    ];
    const out = await redact({ rows: H, cols: W, photometric: 'PALETTE COLOR', bitsAllocated: 8, bitsStored: 8, pixelData: samples, extra }, plan([{ ...BOX, frame: null }]));
    const expected = samples.map((v, i) => (inBox(i % W, Math.floor(i / W)) ? 7 : v));
    expect(Array.from(out.pixelBytes)).toEqual(Array.from(expected));
    expect(out.ds.string('x00280004')).toBe('PALETTE COLOR');
  });

  it('multi-frame: a box on one frame only, another on every frame', async () => {
    const frames = [0, 1, 2].map((k) => grey((n) => new Uint16Array(n), (x, y) => 1000 + k * 100 + x * 10 + y));
    const only = { x: 12, y: 8, w: 3, h: 3, frame: 1 };
    const out = await redact(
      { rows: H, cols: W, frames: 3, photometric: 'MONOCHROME2', bitsAllocated: 16, bitsStored: 16, pixelData: framesBytes(frames.map(sampleBytes)) },
      plan([{ ...BOX, frame: null }, only]),
    );
    // The one-frame box (3x3 at 12,8) padded by 2 covers x 10..15, y 6..11.
    const expected = frames.map((f, k) => f.map((v, i) => {
      const x = i % W;
      const y = Math.floor(i / W);
      return inBox(x, y) || (k === 1 && x >= 10 && y >= 6) ? 0 : v;
    }));
    expect(Buffer.from(out.pixelBytes).equals(Buffer.from(framesBytes(expected.map(sampleBytes))))).toBe(true);
  });
});

describe('clearing overlays', () => {
  it('clears an overlay kept in unused high bits and drops its group', async () => {
    const samples = grey((n) => new Uint16Array(n), (x, y) => (x * 97 + y * 13) % 4096);
    const withOverlay = samples.map((v, i) => (i % 5 === 0 ? v | (1 << 13) : v));
    const extra = [el(0x60000010, H, 'US'), el(0x60000011, W, 'US'), el(0x60000040, 'G', 'CS'), el(0x60000050, [1, 1], 'SS'), el(0x60000100, 16, 'US'), el(0x60000102, 13, 'US')];
    const out = await redact(
      { rows: H, cols: W, photometric: 'MONOCHROME2', bitsAllocated: 16, bitsStored: 12, pixelData: sampleBytes(withOverlay), extra },
      plan([], { clearHiddenBits: true }),
    );
    expect(Buffer.from(out.pixelBytes).equals(Buffer.from(sampleBytes(samples)))).toBe(true);
    expect(Object.keys(out.ds.elements).filter((k) => k.startsWith('x6000'))).toEqual([]);
  });

  const ovBits = new Uint8Array(W * H).map((_, i) => (i % 3 === 0 ? 1 : 0));
  const unpack = (bytes: Uint8Array) => Array.from({ length: W * H }, (_, i) => (bytes[i >> 3] >> (i & 7)) & 1);

  it('keeps Overlay Data with its boxes cleared under 113103 (pixels copied as they were)', async () => {
    const samples = grey((n) => new Uint8Array(n), (x, y) => x + y);
    const out = await redact(
      { rows: H, cols: W, photometric: 'MONOCHROME2', bitsAllocated: 8, bitsStored: 8, pixelData: samples, extra: [...overlayGroup(H, W, ovBits), el(0x60001500, 'DOE JANE', 'LO')] },
      plan([], { keepOverlays: true, overlayBoxes: { [0x6000]: [{ ...BOX, frame: null }] } }),
      ['113100', '113103'],
    );
    const data = out.ds.elements.x60003000;
    const bits = unpack(out.ds.byteArray.subarray(data.dataOffset, data.dataOffset + data.length));
    expect(bits).toEqual(Array.from(ovBits).map((b, i) => (inBox(i % W, Math.floor(i / W)) ? 0 : b)));
    expect(out.ds.elements.x60001500).toBeUndefined();
    expect(Array.from(out.pixelBytes)).toEqual(Array.from(samples));
    expect(out.result.pixels).toBe('clean');
    expect(out.ds.elements.x00120064?.items?.map((i) => i.dataSet?.string('x00080100'))).toEqual(expect.arrayContaining(['113101', '113103']));
  });

  it('drops Overlay Data without 113103', async () => {
    const samples = grey((n) => new Uint8Array(n), (x, y) => x + y);
    const out = await redact({ rows: H, cols: W, photometric: 'MONOCHROME2', bitsAllocated: 8, bitsStored: 8, pixelData: samples, extra: overlayGroup(H, W, ovBits) }, plan([]));
    expect(Object.keys(out.ds.elements).filter((k) => k.startsWith('x6000'))).toEqual([]);
  });
});

describe('compressed inputs become valid uncompressed outputs', () => {
  const samples = grey((n) => new Uint16Array(n), (x, y) => (x * 211 + y * 97) % 4096);
  const expected = samples.map((v, i) => (inBox(i % W, Math.floor(i / W)) ? 0 : v));
  const dcmdump = optionalJudge('dcmdump');
  const dciodvfy = optionalJudge('dciodvfy');
  const errors = (judge: string, file: string): Set<string> => {
    const r = spawnSync(judge, ['-new', file], { encoding: 'utf8' });
    return new Set(`${r.stdout}\n${r.stderr}`.split('\n').filter((l) => l.startsWith('Error')).map((l) => l.replace(/<[^>]*>/g, '<>').replace(/\s+/g, ' ').trim()));
  };
  const cases: { name: string; ts: string; encode: () => Promise<Uint8Array> }[] = [
    { name: 'RLE Lossless', ts: '1.2.840.10008.1.2.5', encode: async () => encodeRleFrame(sampleBytes(samples), 2) },
    { name: 'JPEG-LS Lossless', ts: '1.2.840.10008.1.2.4.80', encode: () => encodeGrayFrame('jpeg-ls', samples, W, H, 12) },
    { name: 'JPEG 2000 Lossless', ts: '1.2.840.10008.1.2.4.90', encode: () => encodeGrayFrame('jpeg-2000', samples, W, H, 12) },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const out = await redact(
        { rows: H, cols: W, photometric: 'MONOCHROME2', bitsAllocated: 16, bitsStored: 12, transferSyntax: c.ts, encapsulatedFrames: [await c.encode()] },
        plan([{ ...BOX, frame: null }]),
      );
      expect(Buffer.from(out.pixelBytes).equals(Buffer.from(sampleBytes(expected)))).toBe(true);
      expectCleanRecord(out.ds);
      expect(out.ds.elements.x7fe00010.encapsulatedPixelData).toBeFalsy();
      expect(out.ds.string('x00282110') ?? '').not.toBe('01');
      if (dcmdump) expect(spawnSync(dcmdump, ['-q', out.target]).status).toBe(0);
      if (dciodvfy) {
        const before = errors(dciodvfy, out.input);
        expect([...errors(dciodvfy, out.target)].filter((e) => !before.has(e))).toEqual([]);
      }
    });
  }
});
