import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { framesBytes, sampleBytes, writeBurnedImage } from '../../../test/fixtures/burnedInImages';
import { createFrame, drawText, fillAnatomy } from '../../../test/pixelText/renderText';
import { FileSource } from '../dicom/byteSource';
import { parseDicom } from '../dicom/parseDicom';
import { locatePixels } from '../pixels/locateImage';
import { imageFrames, ocrCine } from './cineOcr';
import { DEFAULT_ALLOWLIST } from '../phi/defaultAllowlist';
import { buildIdentifierSet } from '../phi/phiMatch';
import { createOcrPool } from './tesseractPool';

const work = mkdtempSync(join(tmpdir(), 'deid-cine-'));
const pool = createOcrPool({ size: 2 });
afterAll(async () => {
  await pool.close();
  rmSync(work, { recursive: true, force: true });
});
const match = { identifiers: buildIdentifierSet({ personNames: ['DOE^JOHN'], ids: ['MRN77812'] }), allowlist: DEFAULT_ALLOWLIST, redactAllText: false };
const PATIENT = { name: 'DOE^JOHN', id: 'MRN77812', birthDate: '19700101' };
const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);

/** Writes a cine whose frame `f` is drawn by `draw` over moving anatomy; returns what ocrCine makes of it. */
async function readCine(name: string, frames: number, draw: (t: ReturnType<typeof createFrame>, f: number) => void, sampleInterval?: number) {
  const data: Uint8Array[] = [];
  for (let f = 0; f < frames; f++) {
    const t = createFrame(160, 96, 'uint8', 0);
    // Anatomy stays below the text's value: only the drawn text reaches it.
    fillAnatomy(t, 10, 140, 1 + f);
    draw(t, f);
    data.push(sampleBytes(t.data as Uint8Array));
  }
  const path = writeBurnedImage(work, { path: `${name}.dcm`, patient: PATIENT, rows: 96, cols: 160, frames, photometric: 'MONOCHROME2', bitsAllocated: 8, bitsStored: 8, pixelData: framesBytes(data) });
  const src = new FileSource(path);
  try {
    const located = locatePixels(parseDicom(src));
    if (!located) throw new Error('no pixels');
    return await ocrCine({ frames: imageFrames(located), pool, match, ocr: {}, sampleInterval });
  } finally {
    src.close();
  }
}

describe('ocrCine', () => {
  it('finds a name shown on frames 40-60 only, on exactly those frames, without reading every frame', { timeout: 120_000 }, async () => {
    const { words, stats } = await readCine('name', 100, (t, f) => {
      drawText(t, 'ACME', 110, 4, { value: 255 });
      if (f >= 40 && f <= 60) drawText(t, 'DOE^JOHN', 4, 80, { value: 255 });
    });
    const name = words.filter((w) => w.proposed && /^name:/.test(w.reason ?? ''));
    expect(name.length).toBeGreaterThan(0);
    const frames = new Set(name.flatMap((w) => w.frames));
    expect([...frames].sort((a, b) => a - b)).toEqual(range(40, 60));
    const acme = words.filter((w) => w.text === 'ACME');
    expect(new Set(acme.flatMap((w) => w.frames)).size).toBe(100);
    expect(acme.every((w) => !w.proposed)).toBe(true);
    // Frame 0 is read whole and frame 50 through the grey view; the name is read where it
    // appears (40) and vanishes (61).
    expect(stats.wholeReads).toBe(1);
    expect(stats.sampleReads).toBe(1);
    expect(stats.regionReads).toBeLessThanOrEqual(4);
  });

  it('finds grey text that leaves no ink at a sample, and burns it from the sample before to the sample after', { timeout: 120_000 }, async () => {
    const { words, stats } = await readCine('grey', 100, (t, f) => {
      // ACME holds the maximum; the name is drawn at a grey the anatomy never reaches.
      drawText(t, 'ACME', 110, 4, { value: 255 });
      if (f >= 45 && f <= 55) drawText(t, 'DOE^JOHN', 4, 60, { value: 200 });
    });
    const name = words.filter((w) => w.proposed && /^name:/.test(w.reason ?? ''));
    expect(name.length).toBeGreaterThan(0);
    const frames = new Set(name.flatMap((w) => w.frames));
    for (const f of range(1, 99)) expect(frames.has(f)).toBe(true);
    expect(stats.sampleReads).toBe(1);
  });

  it('burns a clock ticking in place in every frame without reading each tick', { timeout: 120_000 }, async () => {
    const { words, stats } = await readCine('clock', 30, (t, f) => {
      drawText(t, `10:41:${String(f).padStart(2, '0')}`, 4, 4, { value: 255 });
    });
    const clock = words.filter((w) => w.proposed && w.reason === 'pattern:time');
    expect(new Set(clock.flatMap((w) => w.frames)).size).toBe(30);
    expect(stats.wholeReads).toBe(1);
    expect(stats.sampleReads).toBe(0);
    expect(stats.regionReads).toBe(0);
  });

  it('reads identical frames once and gives the copies the same boxes', { timeout: 120_000 }, async () => {
    const { words, stats } = await readCine('still', 12, (t) => {
      fillAnatomy(t, 10, 170, 3);
      drawText(t, 'MRN77812', 4, 4, { value: 255 });
    });
    expect(stats.distinctFrames).toBe(1);
    const id = words.filter((w) => w.reason === 'id:MRN77812');
    expect(new Set(id.flatMap((w) => w.frames)).size).toBe(12);
  });
});
