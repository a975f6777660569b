/**
 * The frames of a cine made ready for ink tracking, in order, ahead of need: while the OCR engines
 * read one frame (on their own threads), this thread decodes the next frames and computes their
 * ink, so neither waits for the other.
 */
import { createHash } from 'node:crypto';
import type { FrameSequence } from './cineOcr';
import type { FrameReading } from './frameReading';
import { removeBlocks } from './inkMask';
import { inkMaskOfFrame, type InkThresholds } from './inkTracking';
import type { OcrFrameInput } from './intensity';

/** A frame ready for tracking, or a repeat of an earlier frame (same encoded bytes, not decoded). */
export type PreparedFrame =
  | { index: number; kind: 'repeat'; repeatOf: number }
  | { index: number; kind: 'distinct'; ordinal: number; input: OcrFrameInput; ink: Uint8Array };

/** What the prefetcher reports as it goes (in frame order). */
interface PrefetchHooks {
  /** Sees each distinct frame's reading (for overlays hidden in Pixel Data bits). */
  onFrame?: (index: number, reading: FrameReading) => void;
  /** Sees each frame that repeats an earlier one. */
  onRepeat?: (index: number, earlier: number) => void;
  /** Sees each distinct frame once it is prepared (possibly well before `next()` returns it). */
  onPrepared?: (frame: PreparedFrame & { kind: 'distinct' }) => void;
  signal?: AbortSignal;
}

/** Ink this close (pixels) to a bright block is taken to be the block's edge. */
const BLOCK_FRINGE = 2;
/** Prepared frames held at most: this many bytes of samples and ink. */
const AHEAD_BYTES = 32 * 1024 * 1024;

const yieldToEvents = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Prepares the frames of `seq` in order, ahead of `next()` while `overlap()` waits. */
export class FramePrefetcher {
  private readonly queue: PreparedFrame[] = [];
  private queuedBytes = 0;
  private nextIndex = 0;
  private distinct = 0;
  private readonly firstOfHash = new Map<string, number>();

  private readonly seq: FrameSequence;
  private readonly thresholds: InkThresholds;
  private readonly hooks: PrefetchHooks;

  constructor(seq: FrameSequence, thresholds: InkThresholds, hooks: PrefetchHooks = {}) {
    this.seq = seq;
    this.thresholds = thresholds;
    this.hooks = hooks;
  }

  /** The next frame in order. */
  async next(): Promise<PreparedFrame> {
    if (this.queue.length === 0) await this.prepare();
    const frame = this.queue.shift() as PreparedFrame;
    this.queuedBytes -= bytesOf(frame);
    return frame;
  }

  /** Awaits `work`, preparing frames ahead meanwhile. */
  async overlap<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    work.then(
      () => (settled = true),
      () => (settled = true),
    );
    while (this.nextIndex < this.seq.count && this.queuedBytes < AHEAD_BYTES) {
      // Lets the OCR job reach its engine first, and its completion be seen between frames.
      await yieldToEvents();
      if (settled) break;
      await this.prepare();
    }
    return work;
  }

  private async prepare(): Promise<void> {
    this.hooks.signal?.throwIfAborted();
    const index = this.nextIndex++;
    // Identical encoded bytes decode identically (hidden bits included): such frames are not decoded.
    const encoded = this.seq.encoded(index);
    const hash = createHash('sha1').update(encoded).digest('hex');
    const earlier = this.firstOfHash.get(hash);
    let frame: PreparedFrame;
    if (earlier !== undefined) {
      this.hooks.onRepeat?.(index, earlier);
      frame = { index, kind: 'repeat', repeatOf: earlier };
    } else {
      this.firstOfHash.set(hash, index);
      const reading = await this.seq.read(index, encoded);
      this.hooks.onFrame?.(index, reading);
      const input = this.seq.input(index, reading);
      const ink = inkMaskOfFrame(input, this.thresholds);
      // Band ink also catches the brightest anatomy; solid regions of it and their ragged edges
      // are no text (cineOcr.ts, item 6).
      if (this.thresholds.speck > 1) removeBlocks(ink, input.width, input.height, 400, 0.7, false, BLOCK_FRINGE);
      const ready = { index, kind: 'distinct' as const, ordinal: this.distinct++, input, ink };
      this.hooks.onPrepared?.(ready);
      frame = ready;
    }
    this.queue.push(frame);
    this.queuedBytes += bytesOf(frame);
  }
}

function bytesOf(frame: PreparedFrame): number {
  return frame.kind === 'repeat' ? 0 : frame.input.data.byteLength + frame.ink.length;
}
