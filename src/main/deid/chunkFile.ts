import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Chunk } from './datasetRewriter';
import { FileSource } from '../dicom/byteSource';

const COPY_BUFFER = 1 << 20;

/** What happened to the target file. */
export type WriteOutcome = 'written' | 'unchanged' | 'exists-differs';

/**
 * Writes chunks to `target` atomically (temp file in the same folder, fsync, rename). Ranges are
 * streamed from their source in 1 MiB pieces, so Pixel Data is never held whole. An existing
 * identical file is left alone ('unchanged'); a different one is replaced only with `overwrite`.
 */
export function writeChunksAtomic(target: string, chunks: readonly Chunk[], overwrite: boolean): WriteOutcome {
  mkdirSync(dirname(target), { recursive: true });
  const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(temp, 'wx', 0o644);
  try {
    const buffer = Buffer.allocUnsafe(COPY_BUFFER);
    for (const chunk of chunks) {
      if (chunk instanceof Uint8Array) {
        writeAll(fd, chunk);
        continue;
      }
      let done = 0;
      while (done < chunk.length) {
        const n = Math.min(COPY_BUFFER, chunk.length - done);
        const piece = buffer.subarray(0, n);
        if (chunk.src instanceof FileSource) chunk.src.readInto(chunk.offset + done, piece);
        else piece.set(chunk.src.read(chunk.offset + done, n));
        if (chunk.swap) swapInPlace(piece, chunk.swap);
        writeAll(fd, piece);
        done += n;
      }
    }
    // No fsync per image: the rename keeps readers from seeing partial files, and a re-run after a
    // crash compares every existing output byte for byte. fsync here costs more than the copy.
  } catch (e) {
    closeSync(fd);
    unlinkSync(temp);
    throw e;
  }
  closeSync(fd);
  if (existsSync(target)) {
    if (sameContent(temp, target)) {
      unlinkSync(temp);
      return 'unchanged';
    }
    if (!overwrite) {
      unlinkSync(temp);
      return 'exists-differs';
    }
  }
  renameSync(temp, target);
  return 'written';
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
}

function swapInPlace(bytes: Uint8Array, width: 2 | 4 | 8): void {
  for (let i = 0; i + width <= bytes.length; i += width) {
    for (let a = i, b = i + width - 1; a < b; a++, b--) {
      const t = bytes[a];
      bytes[a] = bytes[b];
      bytes[b] = t;
    }
  }
}

/** Compares two files byte for byte, streaming. */
export function sameContent(a: string, b: string): boolean {
  const fa = openSync(a, 'r');
  const fb = openSync(b, 'r');
  try {
    const ba = Buffer.allocUnsafe(COPY_BUFFER);
    const bb = Buffer.allocUnsafe(COPY_BUFFER);
    let pos = 0;
    for (;;) {
      const na = readSync(fa, ba, 0, COPY_BUFFER, pos);
      const nb = readSync(fb, bb, 0, COPY_BUFFER, pos);
      if (na !== nb) return false;
      if (na === 0) return true;
      if (!ba.subarray(0, na).equals(bb.subarray(0, nb))) return false;
      pos += na;
    }
  } finally {
    closeSync(fa);
    closeSync(fb);
  }
}
