import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleBytes, writeBurnedImage } from '../../../test/fixtures/burnedInImages';
import { createFrame, drawText, fillAnatomy } from '../../../test/pixelText/renderText';
import { DEFAULT_ALLOWLIST } from '../phi/defaultAllowlist';
import { buildIdentifierSet } from '../phi/phiMatch';
import { ocrSeries, SeriesMismatchError } from './seriesOcr';
import { createOcrPool } from './tesseractPool';

const work = mkdtempSync(join(tmpdir(), 'deid-series-'));
const pool = createOcrPool({ size: 2 });
afterAll(async () => {
  await pool.close();
  rmSync(work, { recursive: true, force: true });
});
const PATIENT = { name: 'DOE^JOHN', id: 'MRN77812', birthDate: '19700101' };
const match = { identifiers: buildIdentifierSet({ personNames: [PATIENT.name], ids: [PATIENT.id] }), allowlist: DEFAULT_ALLOWLIST, redactAllText: false };

function slice(i: number, size = 128): string {
  const t = createFrame(size, size, 'uint16', 0);
  fillAnatomy(t, 100, 2000, 10 + i);
  drawText(t, 'MRN77812', 4, 4, { value: 4095 });
  if (i >= 5 && i <= 7) drawText(t, 'DOE^JOHN', 4, 110, { value: 4095 });
  return writeBurnedImage(work, { path: `s${i}.dcm`, patient: PATIENT, rows: size, cols: size, photometric: 'MONOCHROME2', bitsAllocated: 16, bitsStored: 12, pixelData: sampleBytes(t.data as Uint16Array), instance: i + 1 });
}

describe('ocrSeries', () => {
  it('reads a series of slices as one cine: static text once, the name on the slices that show it', { timeout: 120_000 }, async () => {
    const paths = Array.from({ length: 12 }, (_, i) => slice(i));
    const results = await ocrSeries(paths, { pool, match });
    expect(results).toHaveLength(12);
    results.forEach((r, i) => {
      expect(r.status).toBe('done');
      expect(r.rects.every((x) => x.frame === null)).toBe(true);
      expect(r.rects.some((x) => x.reason === 'id:MRN77812'), `slice ${i}`).toBe(true);
      expect(r.rects.some((x) => x.status === 'proposed' && /^name:/.test(x.reason ?? '')), `slice ${i}`).toBe(i >= 5 && i <= 7);
    });
    // One whole read, then only the name appearing (slice 5) and vanishing (slice 8) is read.
    expect(results[0].reads.whole).toBe(1);
    expect(results[0].reads.regions).toBeLessThanOrEqual(3);
  });

  it('refuses files that do not form a cine', async () => {
    const other = writeBurnedImage(work, { path: 'big.dcm', patient: PATIENT, rows: 64, cols: 64, photometric: 'MONOCHROME2', bitsAllocated: 16, bitsStored: 12, pixelData: new Uint8Array(64 * 64 * 2), instance: 99 });
    await expect(ocrSeries([slice(0), slice(1), other], { pool, match })).rejects.toBeInstanceOf(SeriesMismatchError);
  });
});
