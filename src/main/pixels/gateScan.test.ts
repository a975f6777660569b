// The gate's WebAssembly loops answer exactly what its JavaScript loops answer, on every kind of
// 16-bit frame (signed and unsigned, extremes, odd widths shorter than a vector, text and none),
// and the bytes in gateScan.generated.ts are those of gateScan.wat.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ctAnatomySlice } from '../../../test/fixtures/ctAnatomy';
import { textScenes } from '../../../test/fixtures/textScenes';
import type { DecodedFrame } from './decodedFrame';
import { gateScan } from './gateScan';
import { textGate, textGateInJavaScript } from './textGate';

const script = fileURLToPath(new URL('../../../scripts/gen-gate-scan.mjs', import.meta.url));
const generated = fileURLToPath(new URL('./gateScan.generated.ts', import.meta.url));

function frame16(data: Int16Array | Uint16Array, width: number, height: number): DecodedFrame {
  const signed = data instanceof Int16Array;
  return { data, width, height, samplesPerPixel: 1, photometric: 'MONOCHROME2', planar: false, bitsAllocated: 16, bitsStored: 16, signed };
}

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1103515245 + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

/** Frames of every shape the two loops could disagree on. */
function frames(): { name: string; frame: DecodedFrame }[] {
  const out: { name: string; frame: DecodedFrame }[] = [];
  for (let i = 0; i < 12; i++) {
    const { data, rows } = ctAnatomySlice(i, { size: 512, padding: i % 2 ? -2000 : -1024, noise: 8 + (i % 3) * 6 });
    out.push({ name: `CT slice ${i}`, frame: frame16(data, rows, rows) });
    out.push({ name: `CT slice ${i}, unsigned`, frame: frame16(Uint16Array.from(data, (v) => v + 2048), rows, rows) });
  }
  for (const scene of textScenes().filter((s) => s.channels === 1)) {
    const signed = Int16Array.from(scene.data, (v) => v * 250 - 32000);
    out.push({ name: `${scene.name}, signed ×250`, frame: frame16(signed, scene.width, scene.height) });
    out.push({ name: `${scene.name}, unsigned ×257`, frame: frame16(Uint16Array.from(scene.data, (v) => v * 257), scene.width, scene.height) });
  }
  for (const [width, height] of [[2, 1], [7, 3], [9, 5], [17, 16], [61, 40], [333, 97]]) {
    const next = random(width * 131 + height);
    const full = Int16Array.from({ length: width * height }, () => Math.floor(next() * 65536) - 32768);
    out.push({ name: `${width}×${height} full-range noise, signed`, frame: frame16(full, width, height) });
    out.push({ name: `${width}×${height} full-range noise, unsigned`, frame: frame16(Uint16Array.from(full, (v) => v + 32768), width, height) });
    // Extremes side by side: the steps that overflow 16 bits.
    const extremes = Int16Array.from({ length: width * height }, () => (next() < 0.5 ? -32768 : 32767));
    out.push({ name: `${width}×${height} −32768/32767`, frame: frame16(extremes, width, height) });
    out.push({ name: `${width}×${height} 0/65535`, frame: frame16(Uint16Array.from(extremes, (v) => v + 32768), width, height) });
    // Quiet noise with bars: strokes of text-like width, so the pair counts are not all zero.
    const bars = Int16Array.from({ length: width * height }, (_, k) => Math.round(next() * 6) + ((k % width) % 9 < 3 ? 900 : 0));
    out.push({ name: `${width}×${height} bars on noise`, frame: frame16(bars, width, height) });
  }
  return out;
}

describe('gateScan', () => {
  it('runs here (WebAssembly with SIMD), so the comparisons below compare two implementations', () => {
    expect(gateScan()).toBeDefined();
  });

  it('gives the gate the same answer as its JavaScript loops on every frame: verdict, regions, pair counts, threshold', () => {
    const all = frames();
    expect(all.length).toBeGreaterThan(60);
    const differ = all.filter(({ frame }) => JSON.stringify(textGate(frame)) !== JSON.stringify(textGateInJavaScript(frame))).map((f) => f.name);
    expect(differ).toEqual([]);
    // Both verdicts occur, so the comparison covers the regions as well as the clearances.
    const verdicts = new Set(all.map(({ frame }) => textGate(frame).clear));
    expect([...verdicts].sort()).toEqual([false, true]);
  });

  it('finds the first big step of a row where a scalar search finds it, both ways and at every offset', () => {
    const scan = gateScan();
    if (!scan) throw new Error('no WebAssembly here');
    const width = 53;
    const next = random(7);
    for (const signed of [true, false]) {
      const data = signed ? new Int16Array(width * 4) : new Uint16Array(width * 4);
      for (let i = 0; i < data.length; i++) data[i] = (signed ? -200 : 30000) + Math.floor(next() * 40);
      // Rows 1–3: one big step each, rising, falling and the largest the samples allow.
      data[width + 20] += 100;
      data[2 * width + 41] -= 100;
      data[3 * width + 8] = signed ? 32767 : 65535;
      data[3 * width + 9] = signed ? -32768 : 0;
      const loaded = scan.load(data, width, 4);
      for (let row = 0; row < 4; row++) {
        for (const big of [1, 39, 41, 90, signed ? 32767 : 65535]) {
          for (let from = 0; from < width - 1; from++) {
            let expected = from;
            while (expected < width - 1 && Math.abs(data[row * width + expected + 1] - data[row * width + expected]) < big) expected++;
            expect(loaded.nextBig(row * width, from, width - 1, big), `${signed ? 'signed' : 'unsigned'} row ${row} big ${big} from ${from}`).toBe(expected);
          }
        }
      }
    }
  });

  it('regenerates byte-identical from gateScan.wat', () => {
    const fresh = execFileSync(process.execPath, [script, '--stdout'], { encoding: 'utf8' });
    expect(fresh).toBe(readFileSync(generated, 'utf8'));
  });
});
