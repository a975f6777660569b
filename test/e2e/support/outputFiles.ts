/** Reads what de-identification wrote: every file under a folder, and an output image's identity and 16-bit pixels. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';

/** An output DICOM's identity and its 16-bit pixel values. */
export interface OutputImage {
  patientId: string;
  series: number;
  instance: number;
  rows: number;
  columns: number;
  pixel: (x: number, y: number) => number;
}

/** Every file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** Parses an output image (native 16-bit little endian); null for anything else. */
export function readOutput(path: string): OutputImage | null {
  let ds: dicomParser.DataSet;
  try {
    ds = dicomParser.parseDicom(new Uint8Array(readFileSync(path)));
  } catch {
    return null;
  }
  const px = ds.elements.x7fe00010;
  if (px === undefined || ds.uint16('x00280100') !== 16) return null;
  const columns = ds.uint16('x00280011') ?? 0;
  const view = new DataView(ds.byteArray.buffer, ds.byteArray.byteOffset + px.dataOffset, px.length);
  return {
    patientId: ds.string('x00100020') ?? '',
    series: Number(ds.string('x00200011')),
    instance: Number(ds.string('x00200013')),
    rows: ds.uint16('x00280010') ?? 0,
    columns,
    pixel: (x, y) => view.getUint16((y * columns + x) * 2, true),
  };
}

/** The middle value (upper middle for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor(s.length / 2)];
}
