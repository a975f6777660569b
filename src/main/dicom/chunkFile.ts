import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createHash, randomBytes, type Hash } from 'node:crypto';
import type { Chunk } from './chunks';

const COPY_BUFFER = 1 << 20;

let sharedBuffer: Buffer | undefined;
/** One copy buffer per thread, reused for every file (no garbage per image). */
function copyBuffer(): Buffer {
  sharedBuffer ??= Buffer.allocUnsafeSlow(COPY_BUFFER);
  return sharedBuffer;
}

/** What happened to the target file. */
type WriteOutcome = 'written' | 'unchanged' | 'exists-differs';

/** A file written by {@link writePending}, not yet published. */
interface PendingFile {
  /** The temporary file. */
  path: string;
  /** SHA-256 (hex) of the bytes written, hashed as they were written: no second read of the file. */
  sha256: string;
}

/** Where this thread's temporary names start: random, so no other thread or process counts from near it. */
const tempBase = randomBytes(6).readUIntBE(0, 6);
let tempCount = 0;
/**
 * The next temporary name of this thread: 12 hex digits, as `sweepPartialFiles` knows them, counted
 * from a random start (one random draw per thread, not per file). A clash fails the exclusive open.
 */
function tempName(): string {
  return ((tempBase + tempCount++) % 2 ** 48).toString(16).padStart(12, '0');
}

/**
 * Folders this thread already made, so each output folder costs one mkdir. A folder can vanish
 * behind the cache (the spool is removed at the end of every run, the user may delete an output
 * folder while the pool lives on), so a failed open forgets the folders and makes them again.
 */
const madeFolders = new Set<string>();

/**
 * Writes chunks to `target` atomically (a temp file in `spool`, or beside `target` without one,
 * then a rename). Chunks are
 * gathered in one 1 MiB buffer and ranges are read straight into it, so a typical image is a
 * handful of system calls and Pixel Data is never held whole. An existing identical file is left
 * alone ('unchanged'); a different one is replaced only with `overwrite`.
 */
export function writeChunksAtomic(target: string, chunks: readonly Chunk[], overwrite: boolean, spool?: string): { outcome: WriteOutcome; sha256: string } {
  const pending = writePending(target, chunks, spool);
  return { outcome: commitPending(pending.path, target, overwrite), sha256: pending.sha256 };
}

/**
 * Writes chunks to a temporary file and returns its path, without publishing it: the caller checks
 * the file (e.g. re-reads its pixels) and then commits or discards it. The file is made in `spool`
 * (a run's `<out>.partial/` folder, outside the output tree, so a killed run leaves nothing
 * half-written in the tree), or beside `target` when no spool is given. The digest of what was
 * written comes back with it (an `unchanged` target holds the same bytes, so the same digest).
 */
export function writePending(target: string, chunks: readonly Chunk[], spool?: string): PendingFile {
  ensureFolder(dirname(target));
  if (spool) ensureFolder(spool);
  const name = `${basename(target)}.${tempName()}.tmp`;
  const temp = spool ? join(spool, name) : join(dirname(target), name);
  const fd = openFresh(temp, [dirname(target), ...(spool ? [spool] : [])]);
  const digest = createHash('sha256');
  try {
    writeCoalesced(fd, coalesce(chunks), digest);
    // No fsync per image: the rename keeps readers from seeing partial files, and a re-run after a
    // crash compares every existing output byte for byte. fsync here costs more than the copy.
  } catch (e) {
    closeSync(fd);
    unlinkSync(temp);
    throw e;
  }
  closeSync(fd);
  return { path: temp, sha256: digest.digest('hex') };
}

/**
 * Publishes a file written by `writePending` as `target`: renamed over nothing, dropped when
 * `target` already holds the same bytes ('unchanged'), dropped when it holds other bytes and
 * `overwrite` is off ('exists-differs').
 */
export function commitPending(temp: string, target: string, overwrite: boolean): WriteOutcome {
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
  renameInto(temp, target);
  return 'written';
}

/**
 * Opens a new file for writing; when a cached folder was removed since it was made (ENOENT), the
 * folders are forgotten, made again, and the open is tried once more.
 */
function openFresh(temp: string, folders: readonly string[]): number {
  try {
    return openSync(temp, 'wx', 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    for (const folder of folders) {
      madeFolders.delete(folder);
      ensureFolder(folder);
    }
    return openSync(temp, 'wx', 0o644);
  }
}

function ensureFolder(folder: string): void {
  if (madeFolders.has(folder)) return;
  mkdirSync(folder, { recursive: true });
  if (madeFolders.size > 10_000) madeFolders.clear();
  madeFolders.add(folder);
}

/**
 * Renames `temp` to `target`; across volumes (EXDEV: the output is a mount point of its own) it
 * copies to a temp name beside `target` first, so `target` still appears whole, by one rename.
 */
function renameInto(temp: string, target: string): void {
  try {
    renameSync(temp, target);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    const beside = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      copyFileSync(temp, beside);
      renameSync(beside, target);
    } finally {
      if (existsSync(beside)) unlinkSync(beside);
      unlinkSync(temp);
    }
  }
}

/** Merges ranges that follow each other in the same source (unchanged runs of elements). */
function coalesce(chunks: readonly Chunk[]): Chunk[] {
  const out: Chunk[] = [];
  for (const c of chunks) {
    const last = out[out.length - 1];
    if (
      !(c instanceof Uint8Array) && last !== undefined && !(last instanceof Uint8Array) &&
      last.src === c.src && last.swap === 0 && c.swap === 0 && last.offset + last.length === c.offset && !(last.inspect && c.inspect)
    ) {
      out[out.length - 1] = { src: c.src, offset: last.offset, length: last.length + c.length, swap: 0, inspect: last.inspect ?? c.inspect };
    } else out.push(c);
  }
  return out;
}

function writeCoalesced(fd: number, chunks: readonly Chunk[], digest: Hash): void {
  const buffer = copyBuffer();
  let fill = 0;
  const flush = (): void => {
    if (fill) writeAll(fd, buffer.subarray(0, fill), digest);
    fill = 0;
  };
  for (const chunk of chunks) {
    if (chunk instanceof Uint8Array) {
      if (chunk.length > COPY_BUFFER - fill) flush();
      if (chunk.length > COPY_BUFFER) writeAll(fd, chunk, digest);
      else {
        buffer.set(chunk, fill);
        fill += chunk.length;
      }
      continue;
    }
    // Pieces of inspected or swapped ranges keep 8-byte alignment with the range start, so no
    // pixel or swapped value is ever split between two pieces.
    const aligned = chunk.swap !== 0 || chunk.inspect !== undefined;
    let done = 0;
    while (done < chunk.length) {
      let n = Math.min(COPY_BUFFER - fill, chunk.length - done);
      if (aligned && n < chunk.length - done) n -= n % 8;
      if (n <= 0) {
        flush();
        continue;
      }
      const piece = buffer.subarray(fill, fill + n);
      if (chunk.src.readInto) chunk.src.readInto(chunk.offset + done, piece);
      else piece.set(chunk.src.read(chunk.offset + done, n));
      chunk.inspect?.(piece, chunk.offset + done);
      if (chunk.swap) swapInPlace(piece, chunk.swap);
      fill += n;
      done += n;
      if (fill === COPY_BUFFER) flush();
    }
  }
  flush();
}

function writeAll(fd: number, bytes: Uint8Array, digest: Hash): void {
  digest.update(bytes);
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
function sameContent(a: string, b: string): boolean {
  const fa = openSync(a, 'r');
  const fb = openSync(b, 'r');
  try {
    const ba = copyBuffer();
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
