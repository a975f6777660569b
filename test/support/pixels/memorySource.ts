import type { ByteSource } from '../../../src/main/dicom/types';

/** A ByteSource over bytes in memory, for tests. */
export function memorySource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read(position: number, length: number): Uint8Array {
      if (position < 0 || length < 0 || position + length > bytes.length) throw new RangeError(`read ${position}+${length} of ${bytes.length}`);
      return bytes.subarray(position, position + length);
    },
  };
}
