import { constants, inflateRawSync, inflateSync } from 'node:zlib';
import { DicomParseError } from './dicomErrors';
import { TAG } from './dictionary';
import { limitNamed, limits } from './limits';

/** Compressed bytes inflated first, to read what the header declares before the whole is inflated. */
const PREFIX_INPUT = 16 * 1024;
const PREFIX_OUTPUT = 16 * 1024 * 1024;

/**
 * Inflates a deflated data set (Deflated Explicit VR Little Endian) with a cap on its size: what
 * its own header declares for the pixels (Rows × Columns × frames × samples × bytes, read from the
 * first inflated bytes) plus `inflateMarginBytes`, and never more than `maxInflatedBytes`. A 1 MB
 * file that would inflate to gigabytes is refused (`OVER_LIMIT`, the limit named) by the inflater
 * itself, before the memory is taken. Throws `BAD_DEFLATE` when the bytes do not inflate.
 */
export function inflateBounded(bytes: Uint8Array, offset: number): Uint8Array {
  const lim = limits();
  const declared = declaredPixelBytes(bytes);
  const cap = Math.min(lim.maxInflatedBytes, declared + lim.inflateMarginBytes);
  const name = declared + lim.inflateMarginBytes < lim.maxInflatedBytes ? 'inflateMarginBytes' : 'maxInflatedBytes';
  let firstError: unknown;
  for (const inflate of [inflateRawSync, inflateSync]) {
    try {
      return new Uint8Array(inflate(bytes, { maxOutputLength: cap }));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new DicomParseError('OVER_LIMIT', `deflated data set at offset ${offset} inflates past ${cap} bytes (its header declares ${declared} bytes of pixels): ${limitNamed(name)}`);
      }
      firstError ??= e;
    }
  }
  throw new DicomParseError('BAD_DEFLATE', `deflated data set at offset ${offset} does not inflate: ${(firstError as Error).message}`);
}

/** Pixel bytes the data set's Image Pixel attributes declare, from its first inflated bytes; 0 when none are found. */
function declaredPixelBytes(bytes: Uint8Array): number {
  let head: Uint8Array;
  try {
    const input = bytes.subarray(0, PREFIX_INPUT);
    head = new Uint8Array(inflateRawSync(input, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: PREFIX_OUTPUT }));
  } catch {
    // A prefix that inflates past 16 MB, or a zlib-wrapped stream: declare nothing, the margin alone applies.
    return 0;
  }
  const rows = usValue(head, TAG.Rows);
  const columns = usValue(head, TAG.Columns);
  if (!rows || !columns) return 0;
  const samples = usValue(head, TAG.SamplesPerPixel) || 1;
  const bits = usValue(head, TAG.BitsAllocated) || 16;
  return rows * columns * samples * Math.ceil(bits / 8) * numberOfFrames(head);
}

/** The first US value of `tag` (group 0028) written explicit little endian in `head`, or 0. */
function usValue(head: Uint8Array, tag: number): number {
  const lo = tag & 0xff;
  const hi = (tag >> 8) & 0xff;
  for (let i = 0; i + 10 <= head.length; i++) {
    if (head[i] === 0x28 && head[i + 1] === 0 && head[i + 2] === lo && head[i + 3] === hi && head[i + 4] === 0x55 && head[i + 5] === 0x53 && head[i + 6] === 2 && head[i + 7] === 0) {
      return head[i + 8] | (head[i + 9] << 8);
    }
  }
  return 0;
}

/** Number of Frames (0028,0008) IS in `head`, or 1. */
function numberOfFrames(head: Uint8Array): number {
  for (let i = 0; i + 8 <= head.length; i++) {
    if (head[i] === 0x28 && head[i + 1] === 0 && head[i + 2] === (TAG.NumberOfFrames & 0xff) && head[i + 3] === 0 && head[i + 4] === 0x49 && head[i + 5] === 0x53) {
      const length = head[i + 6] | (head[i + 7] << 8);
      const text = String.fromCharCode(...head.subarray(i + 8, Math.min(head.length, i + 8 + Math.min(length, 16))));
      const n = Number.parseInt(text.trim(), 10);
      return Number.isInteger(n) && n > 0 ? n : 1;
    }
  }
  return 1;
}
