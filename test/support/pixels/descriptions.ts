import type { ImagePixelDescription } from '../../../src/main/pixels/imageDescription';

/** A 16-bit unsigned single-frame Explicit VR Little Endian description, overridable per test. */
export function grayDescription(overrides: Partial<ImagePixelDescription> = {}): ImagePixelDescription {
  return {
    rows: 2,
    columns: 3,
    samplesPerPixel: 1,
    bitsAllocated: 16,
    bitsStored: 16,
    highBit: 15,
    pixelRepresentation: 0,
    photometric: 'MONOCHROME2',
    planarConfiguration: 0,
    numberOfFrames: 1,
    transferSyntaxUid: '1.2.840.10008.1.2.1',
    ...overrides,
  };
}
