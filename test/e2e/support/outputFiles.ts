/** Reads what de-identification wrote: every file under a folder, and an output image's identity and 16-bit pixels. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';

/** An output DICOM's identity, de-identification method codes and 16-bit pixel values. */
export interface OutputImage {
  patientId: string;
  series: number;
  instance: number;
  /** Code values of De-identification Method Code Sequence (0012,0064), e.g. 113101 when pixels were cleaned. */
  methodCodes: string[];
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
    methodCodes: (ds.elements.x00120064?.items ?? []).map((item) => item.dataSet?.string('x00080100') ?? ''),
    rows: ds.uint16('x00280010') ?? 0,
    columns,
    pixel: (x, y) => view.getUint16((y * columns + x) * 2, true),
  };
}
