/** The pieces a DICOM file is written from: fresh bytes, or ranges copied from the input. */
import type { ByteSource } from './types';

/** Bytes of a source copied to the output by offset (never loaded whole); `swap` converts big endian. */
export interface SourceRange {
  src: ByteSource;
  offset: number;
  length: number;
  /** Byte-swap width for big-endian input (2, 4 or 8), or 0 for a plain copy. */
  swap: 0 | 2 | 4 | 8;
  /** Sees each piece as it is copied (before swapping), with the piece's offset in `src`; may throw to abort. */
  inspect?: (piece: Uint8Array, sourceOffset: number) => void;
}

/** A piece of output: fresh bytes or a range copied from the input. */
export type Chunk = Uint8Array | SourceRange;

/** Total byte length of chunks. */
export function chunksLength(chunks: readonly Chunk[]): number {
  let n = 0;
  for (const c of chunks) n += c instanceof Uint8Array ? c.length : c.length;
  return n;
}
