/** The start-of-frame facts that decide which JPEG decoder a bitstream needs. */
export interface JpegFrameHeader {
  /** Second byte of the SOF marker: 0xC0 baseline … 0xC3 lossless, 0xF7 JPEG-LS. */
  sof: number;
  precision: number;
  height: number;
  width: number;
  components: number;
  /** Component identifiers in frame order (libjpeg treats 'R','G','B' as untransformed RGB). */
  componentIds: number[];
}

/**
 * Walks the marker segments from SOI to the first SOF (ITU T.81 B.1.1.2) and returns its header,
 * or undefined when the bytes are not a JPEG stream or end before a SOF.
 */
export function readJpegFrameHeader(bytes: Uint8Array): JpegFrameHeader | undefined {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1];
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    const length = (bytes[at + 2] << 8) | bytes[at + 3];
    const isSof = (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) || marker === 0xf7;
    if (isSof) {
      if (at + 10 > bytes.length) return undefined;
      const components = bytes[at + 9];
      const componentIds: number[] = [];
      for (let c = 0; c < components && at + 10 + c * 3 < bytes.length; c++) componentIds.push(bytes[at + 10 + c * 3]);
      return {
        sof: marker,
        precision: bytes[at + 4],
        height: (bytes[at + 5] << 8) | bytes[at + 6],
        width: (bytes[at + 7] << 8) | bytes[at + 8],
        components,
        componentIds,
      };
    }
    at += 2 + length;
  }
  return undefined;
}
