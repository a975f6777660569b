/**
 * Re-encoding an image's pixels with boxes burned in: every frame is decoded (which also drops any
 * bits above High Bit, so overlays hidden there are cleared), burned, and written as native little
 * endian samples. Frames are handled one at a time; a large result goes to a temporary file beside
 * the output rather than into memory.
 */
import { closeSync, mkdirSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import { FileSource } from '../dicom/byteSource';
import { decodeFrame } from './decodeFrame';
import type { DecodedFrame } from './decodedFrame';
import { encodeNativeFrames, nativeAttributes, type NativePixelAttributes } from './encodeNative';
import type { LocatedPixels } from './locateImage';
import { codecForSyntax } from './decoders/pixelCodec';
import type { Chunk } from '../dicom/chunks';
import { burnBoxes, type PixelBox } from './burnBoxes';

/** A box to burn into Pixel Data: on one frame (0-based) or every frame (null). */
export interface FrameBox extends PixelBox {
  frame: number | null;
}

/** The re-encoded Pixel Data and the header values that describe it. */
export interface RedactedPixels {
  /** The new Pixel Data value (even length), as output chunks. */
  value: Chunk[];
  length: number;
  attributes: NativePixelAttributes;
  /** OW for samples wider than a byte, OB otherwise, OF for float. */
  vr: 'OB' | 'OW' | 'OF';
  /** Set when the input was lossy-compressed: the method for LossyImageCompressionMethod. */
  lossyMethod: string | null;
  /** Pixels filled with black over all frames. */
  burnedPixels: number;
  /** Removes the temporary file, if one was used. */
  dispose(): void;
}

/** Above this size the re-encoded pixels are spooled to a temporary file. */
const IN_MEMORY_LIMIT = 64 * 1024 * 1024;

/** Lossy compression methods (PS3.3 C.7.6.1.1.5) by transfer syntax; lossless syntaxes are absent. */
const LOSSY_METHODS: Readonly<Record<string, string>> = {
  '1.2.840.10008.1.2.4.50': 'ISO_10918_1',
  '1.2.840.10008.1.2.4.51': 'ISO_10918_1',
  '1.2.840.10008.1.2.4.81': 'ISO_14495_1',
  '1.2.840.10008.1.2.4.91': 'ISO_15444_1',
  '1.2.840.10008.1.2.4.203': 'ISO_15444_15',
};

/**
 * Frame `f` of `located` as the writer re-encodes it: decoded (bits above High Bit dropped) with
 * every box of `boxes` that applies to it burned. The As-written view shows exactly this.
 */
export async function redactFrame(located: LocatedPixels, boxes: readonly FrameBox[], f: number): Promise<{ frame: DecodedFrame; burnedPixels: number }> {
  const frame = await decodeFrame(located.desc, located.frameBytes(f));
  const burnedPixels = burnBoxes(frame, boxes.filter((b) => b.frame === null || b.frame === f), located.desc);
  return { frame, burnedPixels };
}

/**
 * Decodes every frame of `located`, burns the boxes that apply to it and re-encodes all frames as
 * native Pixel Data. `spoolBeside` names the output file a large result is spooled next to.
 */
export async function redactPixels(located: LocatedPixels, boxes: readonly FrameBox[], spoolBeside: string): Promise<RedactedPixels> {
  const desc = located.desc;
  const n = desc.numberOfFrames;
  let burnedPixels = 0;
  const frameAt = async (f: number): Promise<DecodedFrame> => {
    const r = await redactFrame(located, boxes, f);
    burnedPixels += r.burnedPixels;
    return r.frame;
  };
  const first = await frameAt(0);
  const attributes = nativeAttributes(first);
  const vr = first.data instanceof Float32Array ? 'OF' : first.bitsAllocated > 8 ? 'OW' : 'OB';
  const lossyMethod = codecForSyntax(desc.transferSyntaxUid) === 'native' ? null : LOSSY_METHODS[desc.transferSyntaxUid] ?? null;
  const base = { attributes, vr, lossyMethod } as const;

  if (first.bitsAllocated === 1) {
    // 1-bit frames are packed back to back without byte alignment: encode them together.
    const frames = [first];
    for (let f = 1; f < n; f++) frames.push(await frameAt(f));
    const bytes = encodeNativeFrames(frames);
    return { ...base, value: [bytes], length: bytes.length, burnedPixels, dispose: () => {} };
  }
  const frameLength = encodeNativeFrames([first], false).length;
  const total = frameLength * n;
  const padded = total + (total % 2);
  if (padded <= IN_MEMORY_LIMIT) {
    const out = new Uint8Array(padded);
    out.set(encodeNativeFrames([first], false), 0);
    for (let f = 1; f < n; f++) out.set(encodeNativeFrames([await frameAt(f)], false), f * frameLength);
    return { ...base, value: [out], length: padded, burnedPixels, dispose: () => {} };
  }
  const spool = `${spoolBeside}.pixels.${randomBytes(6).toString('hex')}.tmp`;
  mkdirSync(dirname(spool), { recursive: true });
  const fd = openSync(spool, 'wx', 0o600);
  try {
    writeSync(fd, encodeNativeFrames([first], false));
    for (let f = 1; f < n; f++) writeSync(fd, encodeNativeFrames([await frameAt(f)], false));
    if (padded > total) writeSync(fd, new Uint8Array(1));
  } catch (e) {
    closeSync(fd);
    unlinkSync(spool);
    throw e;
  }
  closeSync(fd);
  const source = new FileSource(spool);
  return {
    ...base,
    value: [{ src: source, offset: 0, length: padded, swap: 0 }],
    length: padded,
    burnedPixels,
    dispose: () => {
      source.close();
      try {
        unlinkSync(spool);
      } catch {
        // already gone
      }
    },
  };
}
