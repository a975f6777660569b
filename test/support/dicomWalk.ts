import { readdirSync, statSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { BufferSource } from '../../src/main/dicom/byteSource';
import { readText } from '../../src/main/dicom/elementValues';
import { parseDicom } from '../../src/main/dicom/parseDicom';
import type { DicomElement, ParsedDicom } from '../../src/main/dicom/types';

/** Every file under `dir`, recursively, sorted. */
export function listFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => (statSync(join(dir, n)).isDirectory() ? listFiles(join(dir, n)) : [join(dir, n)]));
}

/** sha256 of every file under `dir`, keyed by path. */
export function hashTree(dir: string): Map<string, string> {
  return new Map(listFiles(dir).map((f) => [f, createHash('sha256').update(readFileSync(f)).digest('hex')]));
}

/** Parses a whole file in memory (tests only). */
export function parseFile(path: string): ParsedDicom {
  return parseDicom(new BufferSource(new Uint8Array(readFileSync(path))));
}

/** Visits every element at every depth. */
export function visitElements(elements: readonly DicomElement[], fn: (el: DicomElement, depth: number) => void, depth = 0): void {
  for (const el of elements) {
    fn(el, depth);
    for (const item of el.items ?? []) visitElements(item.elements, fn, depth + 1);
  }
}

/** The decoded text of a top-level attribute, '' when empty, undefined when absent. */
export function topText(p: ParsedDicom, tag: number): string | undefined {
  const el = p.dataset.find((e) => e.tag === tag);
  if (!el) return undefined;
  const cs = p.dataset.find((e) => e.tag === 0x00080005);
  const charset = cs ? readText(p.datasetSource, cs, undefined) : undefined;
  return readText(p.datasetSource, el, charset);
}
