import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OVERLAY_PLANE, writeOverlayImage } from '../../../test/fixtures/overlayImage';
import { frameOverlays, packPlaneBits } from './frameOverlays';

describe('frameOverlays', () => {
  const dir = mkdtempSync(join(tmpdir(), 'frame-overlays-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const path = writeOverlayImage(dir);

  it('gives a one-frame overlay at its origin on every frame, with its text bits set', async () => {
    for (const frame of [0, 1]) {
      const planes = await frameOverlays(path, frame);
      expect(planes.map((p) => [p.group, p.originRow, p.originColumn, p.rows, p.columns])).toEqual([
        [0x6000, OVERLAY_PLANE.originRow, OVERLAY_PLANE.originColumn, OVERLAY_PLANE.rows, OVERLAY_PLANE.columns],
      ]);
      const set = planes[0].bits.reduce((n, b) => n + b, 0);
      expect(set).toBeGreaterThan(50);
      expect(set).toBeLessThan(planes[0].bits.length / 2);
    }
  });

  it('refuses a frame the image does not have', async () => {
    await expect(frameOverlays(path, 2)).rejects.toMatchObject({ code: 'NO_SUCH_FRAME' });
  });

  it('packs bits eight to a byte, first pixel in the lowest bit', () => {
    expect([...packPlaneBits(Uint8Array.from([1, 0, 1, 0, 0, 0, 0, 0, 1]))]).toEqual([0b101, 1]);
  });
});
