import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { ByteSource } from './types';
import { DicomParseError } from './dicomErrors';

/** A ByteSource over bytes already in memory (inflated data sets, tests). */
export class BufferSource implements ByteSource {
  readonly size: number;
  private readonly bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.size = bytes.length;
  }

  read(position: number, length: number): Uint8Array {
    checkRange(this.size, position, length);
    return this.bytes.subarray(position, position + length);
  }
}

const PAGE = 16 * 1024;

/**
 * A ByteSource over an open file, read in 16 KiB pages with a small cache: headers cost one or two
 * reads, and Pixel Data is never read unless a caller asks for it.
 */
export class FileSource implements ByteSource {
  readonly size: number;
  readonly path: string;
  private fd: number;
  private readonly pages = new Map<number, Uint8Array>();

  constructor(path: string) {
    this.path = path;
    this.fd = openSync(path, 'r');
    try {
      this.size = fstatSync(this.fd).size;
    } catch (e) {
      closeSync(this.fd);
      throw e;
    }
  }

  read(position: number, length: number): Uint8Array {
    checkRange(this.size, position, length);
    const first = Math.floor(position / PAGE);
    const last = Math.floor((position + length - 1) / PAGE);
    if (length === 0) return new Uint8Array(0);
    if (first === last) {
      const page = this.page(first);
      const at = position - first * PAGE;
      return page.subarray(at, at + length);
    }
    if (length > 4 * PAGE) return this.readDirect(position, length);
    const out = new Uint8Array(length);
    for (let p = first; p <= last; p++) {
      const page = this.page(p);
      const pageStart = p * PAGE;
      const from = Math.max(position, pageStart);
      const to = Math.min(position + length, pageStart + page.length);
      out.set(page.subarray(from - pageStart, to - pageStart), from - position);
    }
    return out;
  }

  /** Reads a range straight from the file into `target`, bypassing the page cache (bulk copies). */
  readInto(position: number, target: Uint8Array): number {
    checkRange(this.size, position, target.length);
    let done = 0;
    while (done < target.length) {
      const n = readSync(this.fd, target, done, target.length - done, position + done);
      if (n === 0) throw new DicomParseError('IO', `${this.path}: file shrank while reading at offset ${position + done}`);
      done += n;
    }
    return done;
  }

  /** Closes the file; further reads fail. */
  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    this.pages.clear();
  }

  private readDirect(position: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    this.readInto(position, out);
    return out;
  }

  private page(index: number): Uint8Array {
    const cached = this.pages.get(index);
    if (cached) return cached;
    const start = index * PAGE;
    const buf = new Uint8Array(Math.min(PAGE, this.size - start));
    this.readInto(start, buf);
    if (this.pages.size >= 8) {
      const oldest = this.pages.keys().next().value;
      if (oldest !== undefined) this.pages.delete(oldest);
    }
    this.pages.set(index, buf);
    return buf;
  }
}

/**
 * A source that serves one range of another (`start`, the length of `bytes`) from memory, and the
 * rest from the other source: a file whose Pixel Data value was read once, so that whatever reads
 * the pixels (the text gate) and whatever copies them (the writer) see the very same bytes.
 */
export class PinnedRangeSource implements ByteSource {
  readonly size: number;
  private readonly base: ByteSource;
  /** Offset of the pinned range in the source. */
  readonly start: number;
  /** The bytes of the pinned range, as read from the base. */
  readonly bytes: Uint8Array;

  constructor(base: ByteSource, start: number, bytes: Uint8Array) {
    checkRange(base.size, start, bytes.length);
    this.base = base;
    this.start = start;
    this.bytes = bytes;
    this.size = base.size;
  }

  read(position: number, length: number): Uint8Array {
    checkRange(this.size, position, length);
    const from = position - this.start;
    if (from >= 0 && from + length <= this.bytes.length) return this.bytes.subarray(from, from + length);
    if (position + length <= this.start || from >= this.bytes.length) return this.base.read(position, length);
    const out = new Uint8Array(length);
    this.readInto(position, out);
    return out;
  }

  readInto(position: number, target: Uint8Array): number {
    checkRange(this.size, position, target.length);
    const end = position + target.length;
    const pinEnd = this.start + this.bytes.length;
    // Before the pinned range, inside it, after it: each piece from where it lives.
    const pieces: [number, number][] = [[position, Math.min(end, this.start)], [Math.max(position, this.start), Math.min(end, pinEnd)], [Math.max(position, pinEnd), end]];
    pieces.forEach(([a, b], i) => {
      if (b <= a) return;
      const into = target.subarray(a - position, b - position);
      if (i === 1) into.set(this.bytes.subarray(a - this.start, b - this.start));
      else if (this.base.readInto) this.base.readInto(a, into);
      else into.set(this.base.read(a, b - a));
    });
    return target.length;
  }
}

function checkRange(size: number, position: number, length: number): void {
  if (position < 0 || length < 0 || position + length > size) {
    throw new DicomParseError('TRUNCATED', `needs ${length} bytes at offset ${position}, file has ${size}`);
  }
}
