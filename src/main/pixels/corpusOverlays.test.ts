import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { OverlayPlane } from './overlays';
import { decodeFrame } from './decodeFrame';
import { frameFragments, nativeFrame, readFrameFragments } from './frames';
import { extractOverlays } from './overlays';
import { readCorpusImage } from '../../../test/support/pixels/corpusImage';
import { renderWithDcmtk } from '../../../test/support/pixels/referenceDecode';

const DIR = '/work/shared/corpus/overlays';
const hasCorpus = existsSync(DIR);
const tmp = mkdtempSync(join(tmpdir(), 'pixels-ovl-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function planesOf(file: string): Promise<{ planes: OverlayPlane[]; rows: number; columns: number; color: boolean }> {
  const img = readCorpusImage(file);
  const bytes = img.fragments
    ? readFrameFragments(frameFragments(img.fragments, 1, img.source)[0], img.source)
    : nativeFrame(img.source, img.pixelOffset, img.desc, 0, img.pixelLength);
  const unmasked = await decodeFrame(img.desc, bytes, { keepUnusedBits: true });
  const planes = extractOverlays(img.overlays, img.desc, [unmasked]);
  return { planes, rows: img.desc.rows, columns: img.desc.columns, color: img.desc.samplesPerPixel === 3 };
}

describe.skipIf(!hasCorpus)('corpus overlays', () => {
  const files = hasCorpus ? readdirSync(DIR).sort() : [];

  for (const name of files) {
    it(`${name}: every pixel DCMTK burns in is an overlay bit of ours`, async () => {
      const file = join(DIR, name);
      const { planes, rows, columns, color } = await planesOf(file);
      console.log(`OVERLAYS ${name}: ${planes.map((p) => `${p.group.toString(16)}/${p.source}${p.bitPosition ?? ''} ${p.rows}x${p.columns}@${p.originRow},${p.originColumn} set=${p.bits.reduce((a, b) => a + b, 0)} ${p.notes.join('; ')}`).join(' | ')}`);
      const ours = new Uint8Array(rows * columns);
      for (const p of planes) {
        for (let r = 0; r < p.rows; r++) {
          for (let c = 0; c < p.columns; c++) if (p.bits[r * p.columns + c]) ours[(p.originRow - 1 + r) * columns + p.originColumn - 1 + c] = 1;
        }
      }
      const plain = color ? undefined : renderWithDcmtk(file, tmp, `${name}-plain`);
      const burned = color ? undefined : renderWithDcmtk(file, tmp, `${name}-ovl`, true);
      if (!plain || !burned) return;
      let changedOutside = 0;
      let oursNotWhite = 0;
      for (let i = 0; i < ours.length; i++) {
        if (plain.data[i] !== burned.data[i] && !ours[i]) changedOutside++;
        if (ours[i] && burned.data[i] !== 255) oursNotWhite++;
      }
      expect({ changedOutside, oursNotWhite }).toEqual({ changedOutside: 0, oursNotWhite: 0 });
    });
  }

  it('reads the high-bit overlays of ovly_p01 and its Overlay Data groups', async () => {
    const { planes } = await planesOf(join(DIR, 'ovly_p01.dcm'));
    const summary = planes.map((p) => `${p.group.toString(16)}:${p.source}:${p.bitPosition ?? '-'}`).sort();
    expect(summary).toEqual(['6000:pixel-data:15', '6002:pixel-data:14', '6004:overlay-data:-', '6006:overlay-data:-']);
    for (const p of planes) expect(p.bits.some((b) => b === 1)).toBe(true);
  });

  it('clips OutOfBoundsOverlay.dcm and notes it', async () => {
    const { planes } = await planesOf(join(DIR, 'OutOfBoundsOverlay.dcm'));
    expect(planes.length).toBe(2);
    for (const p of planes) expect(p.notes.join()).toMatch(/clipped|outside/);
  });
});
