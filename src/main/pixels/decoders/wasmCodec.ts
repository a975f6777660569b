import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PixelDecodeError } from './pixelErrors';
import type { CodecImage } from './codecImage';

// Not named `require`: the esbuild banner declares that name at the top of the bundle.
const requireFromHere = createRequire(import.meta.url);

/** Loads a CommonJS package from node_modules at first use (codecs stay out of start-up). */
export function requirePackage(specifier: string): unknown {
  return requireFromHere(specifier);
}

/** Frame information every cornerstone codec decoder reports. */
interface WasmFrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned?: boolean;
}

/** The embind decoder objects of the @cornerstonejs codec packages share this shape. */
export interface WasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): ArrayBufferView;
  decode(): void;
  getFrameInfo(): WasmFrameInfo;
  delete(): void;
}

/** A loaded codec module: constructors by embind class name. */
type WasmCodecModule = Record<string, unknown>;

type ModuleFactory = (args: Record<string, unknown>) => Promise<WasmCodecModule>;

const loaded = new Map<string, Promise<WasmCodecModule>>();
const specifierOf = new WeakMap<WasmCodecModule, string>();

/**
 * Loads an emscripten codec from node_modules once per process. The .wasm file is read here and
 * handed over as `wasmBinary`, so the module never resolves a URL or calls fetch; its console
 * output (openjpeg logs every header) is dropped.
 */
export function loadWasmCodec(jsSpecifier: string, wasmSpecifier: string): Promise<WasmCodecModule> {
  let pending = loaded.get(jsSpecifier);
  if (!pending) {
    pending = (async () => {
      const wasmPath = requireFromHere.resolve(wasmSpecifier);
      const factory = requireFromHere(jsSpecifier) as ModuleFactory;
      const module = await factory({
        wasmBinary: readFileSync(wasmPath),
        locateFile: () => wasmPath,
        print: () => undefined,
        printErr: () => undefined,
      });
      specifierOf.set(module, jsSpecifier);
      return module;
    })();
    pending.catch(() => loaded.delete(jsSpecifier));
    loaded.set(jsSpecifier, pending);
  }
  return pending;
}

/**
 * Runs one decode with a fresh embind decoder of class `className`, always freeing it. Codec
 * failures (emscripten throws numbers or strings) become `CODEC_FAILED`.
 */
export async function decodeWithWasm<T>(
  module: WasmCodecModule,
  className: string,
  encoded: Uint8Array,
  read: (decoder: WasmDecoder) => T,
): Promise<T> {
  const Ctor = module[className] as (new () => WasmDecoder) | undefined;
  if (typeof Ctor !== 'function') throw new PixelDecodeError('CODEC_FAILED', `codec has no ${className}`);
  // Emscripten's exit path sets process.exitCode; a failed frame must not fail the whole process.
  const exitCode = process.exitCode;
  const decoder = new Ctor();
  try {
    decoder.getEncodedBuffer(encoded.length).set(encoded);
    decoder.decode();
    return read(decoder);
  } catch (e) {
    if (e instanceof PixelDecodeError) throw e;
    // After an abort the wasm instance is dead: load a fresh one next time.
    if (e instanceof Error && e.name === 'RuntimeError') loaded.delete(specifierOf.get(module) ?? '');
    // C++ exceptions surface as bare numbers (pointers), which say nothing to a user.
    const why = e instanceof Error ? e.message : typeof e === 'number' ? 'the bitstream was rejected' : String(e);
    throw new PixelDecodeError('CODEC_FAILED', `${className} failed: ${why}`, { cause: e });
  } finally {
    process.exitCode = exitCode;
    try {
      decoder.delete();
    } catch {
      // an aborted instance cannot free; it is dropped with the module
    }
  }
}

/** Copies a codec's output out of the wasm heap (the view dies with the decoder). */
export function copyDecoded(decoder: WasmDecoder): Uint8Array {
  const view = decoder.getDecodedBuffer();
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength).slice();
}

/** A CodecImage from a WASM decoder's frame info and its decoded (interleaved) bytes. */
export function codecImageOf(decoder: WasmDecoder, bytes: Uint8Array, convertedToRgb: boolean): CodecImage {
  const info = decoder.getFrameInfo();
  return {
    bytes,
    precision: info.bitsPerSample,
    width: info.width,
    height: info.height,
    components: info.componentCount,
    bytesPerSample: info.bitsPerSample > 8 ? 2 : 1,
    convertedToRgb,
  };
}
