/**
 * Overlay planes (60xx) as the viewer paints them: the main process's packed bits unpacked into
 * an RGBA picture of the plane, set bits in the group's own colour and the rest transparent, to be
 * placed at the plane's origin over the image.
 */

/** One overlay plane of a frame, as `imagesOverlays` gives it. */
export interface OverlayView {
  group: number;
  originRow: number;
  originColumn: number;
  rows: number;
  columns: number;
  /** Base64 of the bits packed eight to a byte, first pixel in the lowest bit, row by row. */
  bits: string;
}

/** One colour per overlay group (6000, 6002, … 601E), distinct from the box colours. */
const GROUP_COLOURS: readonly (readonly [number, number, number])[] = [
  [0, 229, 255],
  [255, 64, 214],
  [124, 252, 0],
  [255, 140, 0],
  [160, 120, 255],
  [255, 255, 0],
  [0, 200, 140],
  [255, 90, 90],
];

/** The colour overlay group `group` is painted in, as `rgb(r, g, b)` components. */
export function groupColour(group: number): readonly [number, number, number] {
  const index = Math.max(0, Math.floor((group - 0x6000) / 2)) % GROUP_COLOURS.length;
  return GROUP_COLOURS[index];
}

/** The group's name as DICOM writes it (`6000`). */
export function groupName(group: number): string {
  return group.toString(16).toUpperCase().padStart(4, '0');
}

/** Unpacks base64 packed bits into one 0/1 value per pixel (`count` of them). */
export function unpackBits(base64: string, count: number, decode: (b64: string) => string): Uint8Array {
  const bytes = decode(base64);
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const byte = bytes.charCodeAt(i >> 3);
    out[i] = Number.isNaN(byte) ? 0 : (byte >> (i & 7)) & 1;
  }
  return out;
}

/** The plane as RGBA (columns × rows): set bits opaque in the group's colour, others transparent. */
export function planeRgba(plane: OverlayView, decode: (b64: string) => string): Uint8ClampedArray<ArrayBuffer> {
  const n = plane.rows * plane.columns;
  const bits = unpackBits(plane.bits, n, decode);
  const [r, g, b] = groupColour(plane.group);
  const out = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    if (bits[i] === 0) continue;
    out[i * 4] = r;
    out[i * 4 + 1] = g;
    out[i * 4 + 2] = b;
    out[i * 4 + 3] = 255;
  }
  return out;
}
