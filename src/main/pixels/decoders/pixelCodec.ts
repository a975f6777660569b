/** How a transfer syntax's frames are turned into samples. */
export type PixelCodec =
  /** Native little-endian bytes (Big Endian frames are already swapped by `nativeFrame`). */
  | 'native'
  | 'rle'
  /** Any JPEG process; the SOF marker picks the decoder. */
  | 'jpeg'
  | 'jpeg-ls'
  | 'jpeg-2000'
  | 'htj2k'
  /** Each frame deflated on its own (Deflated Image Frame Compression). */
  | 'deflated-frame'
  /** No decoder here (JPEG XL, MPEG video, JPIP, unknown). */
  | 'none';

const CODECS: Readonly<Record<string, PixelCodec>> = {
  '1.2.840.10008.1.2': 'native',
  '1.2.840.10008.1.2.1': 'native',
  '1.2.840.10008.1.2.1.99': 'native',
  '1.2.840.10008.1.2.2': 'native',
  // Encapsulated Uncompressed Explicit VR Little Endian: fragments hold native frames.
  '1.2.840.10008.1.2.1.98': 'native',
  '1.2.840.10008.1.2.5': 'rle',
  '1.2.840.10008.1.2.4.50': 'jpeg',
  '1.2.840.10008.1.2.4.51': 'jpeg',
  '1.2.840.10008.1.2.4.57': 'jpeg',
  '1.2.840.10008.1.2.4.70': 'jpeg',
  '1.2.840.10008.1.2.4.80': 'jpeg-ls',
  '1.2.840.10008.1.2.4.81': 'jpeg-ls',
  '1.2.840.10008.1.2.4.90': 'jpeg-2000',
  '1.2.840.10008.1.2.4.91': 'jpeg-2000',
  '1.2.840.10008.1.2.4.92': 'jpeg-2000',
  '1.2.840.10008.1.2.4.93': 'jpeg-2000',
  '1.2.840.10008.1.2.4.201': 'htj2k',
  '1.2.840.10008.1.2.4.202': 'htj2k',
  '1.2.840.10008.1.2.4.203': 'htj2k',
  '1.2.840.10008.1.2.8.1': 'deflated-frame',
};

/** The codec for a transfer syntax UID; retired JPEG processes (.52–.66) go to the JPEG router. */
export function codecForSyntax(uid: string): PixelCodec {
  const known = CODECS[uid];
  if (known) return known;
  const m = /^1\.2\.840\.10008\.1\.2\.4\.(\d+)$/.exec(uid);
  if (m && Number(m[1]) >= 52 && Number(m[1]) <= 66) return 'jpeg';
  return 'none';
}
