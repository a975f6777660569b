/**
 * One picture of a frame: a PNG exported from a fixture frame equals, grey level for grey level,
 * what the viewer paints for the same window. The viewer's half runs the real path: the main
 * process's gray16 frame, the renderer's pixels and cornerstone image, then cornerstone-core's own
 * default viewport, lookup-table builder and canvas loop. A window the reviewer drags goes through
 * the shared function too. The shared corpus, when present, is checked the same way.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPngs, type PngExportResult } from '../../src/main/pipeline/export/pngExport';
import { describeImageFile, renderFrame } from '../../src/main/pixels/viewerFrame';
import { greyTo8 } from '../../src/shared/pixels/voi';
import { voiLutFor } from '../../src/renderer/viewer/voiLut';
import { defaultViewport, paintedGrey } from '../support/cornerstoneTables';
import { readPng, viewerImage, writeFramePictures, type PictureFixture } from '../support/framePictures';

let work = '';
let fixtures: PictureFixture[] = [];
let exported: PngExportResult;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'deid-picture-'));
  fixtures = writeFramePictures(join(work, 'in'));
  exported = await exportPngs(join(work, 'in'), join(work, 'png'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Where two pictures first differ, or null when they are the same (cheaper than deep equality on megapixels). */
function firstDifference(a: Uint8Array, b: Uint8Array): string | null {
  if (a.length !== b.length) return `${a.length} samples against ${b.length}`;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return `sample ${i}: ${a[i]} against ${b[i]}`;
  return null;
}

/** What the viewer paints for frame 0 of `path` at its default window, as PNG samples. */
async function viewerPaints(path: string): Promise<{ channels: 1 | 3; data: Uint8Array }> {
  const frame = await renderFrame(path, 0, 'gray16');
  if (frame.format === 'rgba8') {
    const rgba = new Uint8Array(frame.pixels);
    const rgb = new Uint8Array((rgba.length / 4) * 3);
    for (let p = 0; p < rgba.length / 4; p++) rgb.set(rgba.subarray(p * 4, p * 4 + 3), p * 3);
    return { channels: 3, data: rgb };
  }
  const image = await viewerImage(path);
  return { channels: 1, data: await paintedGrey(image, await defaultViewport(image)) };
}

describe('an exported PNG and the viewer', () => {
  it('exports every fixture frame', () => {
    expect(exported.skipped).toEqual([]);
    expect(exported.frames).toBe(fixtures.length);
  });

  it('show the same grey levels for every fixture, and the same colours', async () => {
    for (const f of fixtures) {
      const png = readPng(join(work, 'png', `${f.name}.png`));
      const shown = await viewerPaints(f.path);
      expect(png.channels, f.name).toBe(f.colour ? 3 : 1);
      expect(shown.channels, f.name).toBe(png.channels);
      expect(firstDifference(shown.data, png.data), f.name).toBeNull();
    }
  });

  it('put the CT window edges where DICOM does (c = 40, w = 400: a line from -160 to 239)', () => {
    const png = readPng(join(work, 'png', 'ct-signed.png'));
    // Modality -160, -161, -159, 239, 238, 240, 40 (stored plus the intercept -1024).
    expect([...png.data.subarray(0, 7)]).toEqual([0, 0, 1, 255, 254, 255, 128]);
  });

  it('put the edges of a two-value window with a fractional slope where DICOM does', () => {
    const png = readPng(join(work, 'png', 'slope-narrow.png'));
    const stored = Array.from({ length: 24 * 32 }, (_, i) => Math.round(150 + (100 * i) / (24 * 32 - 1)));
    const at = (s: number): number => png.data[stored.indexOf(s)];
    // Modality 98.5, 99 (the lower edge), 99.5 (half way), 100 (the upper edge), 100.5.
    expect([197, 198, 199, 200, 201].map(at)).toEqual([0, 0, 128, 255, 255]);
  });

  it('invert MONOCHROME1 after the range window: the smallest value white, the largest black', () => {
    const png = readPng(join(work, 'png', 'mono1-range.png'));
    expect([png.data[0], png.data[png.data.length - 1]]).toEqual([255, 0]);
  });

  it('draw a window the reviewer drags through the shared function', async () => {
    const f = fixtures.find((x) => x.name === 'ct-signed') as PictureFixture;
    const image = await viewerImage(f.path);
    const frame = await renderFrame(f.path, 0, 'gray16');
    const stored = new Int16Array(frame.pixels);
    // The last window leaves every pixel darker than mid-grey (the table's top entry below 128).
    const windows = [{ windowCenter: 300, windowWidth: 1500 }, { windowCenter: -600.5, windowWidth: 1 }, { windowCenter: 1000, windowWidth: 2.5 }, { windowCenter: 2500, windowWidth: 4000 }];
    for (const voi of windows) {
      const painted = await paintedGrey(image, { voi, invert: false, voiLUT: voiLutFor(image, voi) });
      const display = { rescale: frame.rescale, window: { center: voi.windowCenter, width: voi.windowWidth }, invert: false };
      expect(firstDifference(painted, greyTo8(stored, display)), JSON.stringify(voi)).toBeNull();
    }
  });
});

const CORPUS = join(import.meta.dirname, '../../../shared/corpus');
// Every photometric, bit depth and encoding the corpus has; the large burned-in frames add only time.
const CORPUS_FOLDERS = ['photometric', 'series-ct', 'series-mr', 'transfer-syntax', 'overlays'];

/** The corpus's single-frame images (multi-frame ones would cost every frame's PNG), copied into `to`. */
function singleFrameCorpus(to: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        walk(path);
        continue;
      }
      let frames = 0;
      try {
        frames = describeImageFile(path).desc.numberOfFrames;
      } catch {
        continue;
      }
      if (frames !== 1) continue;
      const copy = join(to, relative(CORPUS, path));
      mkdirSync(dirname(copy), { recursive: true });
      copyFileSync(path, copy);
      out.push(copy);
    }
  };
  for (const folder of CORPUS_FOLDERS) if (existsSync(join(CORPUS, folder))) walk(join(CORPUS, folder));
  return out;
}

describe.skipIf(!existsSync(CORPUS))('the shared corpus: exported PNG and viewer', () => {
  it('show the same picture of every single-frame image both can decode', { timeout: 120_000 }, async () => {
    const tree = join(work, 'corpus');
    const files = singleFrameCorpus(tree);
    const result = await exportPngs(tree, join(work, 'corpus-png'));
    let compared = 0;
    for (const path of files) {
      const png = join(work, 'corpus-png', `${relative(tree, path).replace(/\.dcm$/i, '')}.png`);
      if (!existsSync(png)) continue;
      const shown = await viewerPaints(path);
      expect(firstDifference(shown.data, readPng(png).data), relative(tree, path)).toBeNull();
      compared++;
    }
    expect(compared).toBe(result.images);
    expect(compared).toBeGreaterThan(40);
  });
});
