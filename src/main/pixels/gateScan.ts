/**
 * The text gate's two hot loops for 16-bit single-sample frames (CT, MR, CR, DX, XA — most of a
 * study's pixels), run in WebAssembly with SIMD: the noise histogram of sampled rows, and the
 * search along a row for the next step big enough to be part of a strong edge. `textGate.ts`
 * keeps the JavaScript loops they reproduce for every other frame and as the reference the
 * tests compare them with (`gateScan.test.ts`).
 *
 * One instance per thread, made on first use; its memory grows to the largest frame the thread
 * has gated. When WebAssembly or its SIMD instructions are not there, {@link gateScan} answers
 * `undefined` and the gate runs in JavaScript.
 */
import { GATE_SCAN_WASM_BASE64 } from './gateScan.generated';

/** Bins of the step histogram at the start of the module's memory (u32 each). */
const HIST_BINS = 4097;
/** Where the module writes the sampled rows' minimum and maximum. */
const RESULT_AT = 16400;
/** Where the frame's samples are copied (16-byte aligned, after the histogram and results). */
const FRAME_AT = 16448;
const PAGE = 65536;

interface GateScanExports {
  memory: WebAssembly.Memory;
  noiseS(base: number, width: number, height: number, rowStep: number): void;
  noiseU(base: number, width: number, height: number, rowStep: number): void;
  nextBigS(row: number, from: number, to: number, big: number): number;
  nextBigU(row: number, from: number, to: number, big: number): number;
}

/** Steps between horizontal neighbours over sampled rows: what the gate's noise estimate needs. */
export interface StepHistogram {
  /** Count of each step size, index 0 (flat) set to 0; steps of 4096 or more at index 4096. */
  hist: Uint32Array;
  /** Steps that were not flat. */
  nonZero: number;
  /** Steps looked at. */
  samples: number;
  min: number;
  max: number;
}

/** One frame loaded into the module, with the two loops over it; good until the thread's next `load`. */
export interface LoadedFrame {
  /** The histogram of |d[x+1] − d[x]| over every `rowStep`-th row, and those rows' extremes. */
  steps(rowStep: number): StepHistogram;
  /**
   * The first x in [from, to) of the row starting at sample `rowStart` where the step to the next
   * sample is at least `big` either way, or `to` when there is none.
   */
  nextBig(rowStart: number, from: number, to: number, big: number): number;
  /** The largest `big` {@link nextBig} answers for (larger: the caller scans in JavaScript). */
  maxBig: number;
}

/** The gate scan of this thread. */
interface GateScan {
  /** Copies a frame's samples into the module. */
  load(data: Int16Array | Uint16Array, width: number, height: number): LoadedFrame;
}

let instance: GateScan | null | undefined;

/** This thread's gate scan, or undefined where WebAssembly SIMD cannot run. */
export function gateScan(): GateScan | undefined {
  if (instance === undefined) instance = makeGateScan();
  return instance ?? undefined;
}

function makeGateScan(): GateScan | null {
  let exports: GateScanExports;
  try {
    const module = new WebAssembly.Module(Buffer.from(GATE_SCAN_WASM_BASE64, 'base64'));
    exports = new WebAssembly.Instance(module).exports as unknown as GateScanExports;
  } catch {
    return null;
  }
  const { memory } = exports;
  return {
    load(data, width, height) {
      const need = FRAME_AT + data.byteLength;
      if (memory.buffer.byteLength < need) memory.grow(Math.ceil((need - memory.buffer.byteLength) / PAGE));
      new Uint8Array(memory.buffer, FRAME_AT, data.byteLength).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      const signed = data instanceof Int16Array;
      const nextBig = signed ? exports.nextBigS : exports.nextBigU;
      return {
        maxBig: signed ? 32767 : 65535,
        steps(rowStep) {
          (signed ? exports.noiseS : exports.noiseU)(FRAME_AT, width, height, rowStep);
          const hist = new Uint32Array(memory.buffer, 0, HIST_BINS);
          const result = new Int32Array(memory.buffer, RESULT_AT, 2);
          const samples = (width - 1) * Math.ceil(height / rowStep);
          const nonZero = samples - hist[0];
          hist[0] = 0;
          return { hist, nonZero, samples, min: result[0], max: result[1] };
        },
        nextBig(rowStart, from, to, big) {
          return nextBig(FRAME_AT + 2 * rowStart, from, to, big);
        },
      };
    },
  };
}
