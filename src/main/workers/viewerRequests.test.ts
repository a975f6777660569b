/**
 * The viewer's requests answered by a real worker thread (the bundled dist/main/worker.js, built by
 * the test setup) equal the answers of the same handlers run inline: the app's handlers may send
 * them to the pool and never parse or decode on the main thread.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overlayGroup } from '../../../test/fixtures/burnedInImages';
import { tinyImageElements, writeTinyStudy, type TinyImage } from '../../../test/support/tinyStudy';
import { encodeDicom } from '../../../test/fixtures/dicomEncoder';
import type { ViewerRequest } from './viewerProtocol';
import { handleViewerRequest } from './viewerRequests';
import { createTaskRunner, type TaskRunner } from './workerPool';

let dir: string;
let images: TinyImage[];
let pool: TaskRunner;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'deid-viewer-requests-'));
  images = writeTinyStudy(dir);
  pool = createTaskRunner(1, { script: resolve('dist/main/worker.js') });
});
afterAll(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('viewer requests on a worker thread', () => {
  it('runs on a thread, not inline', () => {
    expect(pool.size).toBe(1);
  });

  it('answers image info, a frame in every format, overlay planes and descriptions as the inline handlers do', { timeout: 60_000 }, async () => {
    const withOverlay = join(dir, 'overlay.dcm');
    const bits = new Uint8Array(16 * 16);
    for (let i = 0; i < 16; i++) bits[i * 16 + i] = 1;
    writeFileSync(withOverlay, encodeDicom([...tinyImageElements({ patientId: 'MRN-O', patientName: 'Over^Lay', study: 3, series: 1, instance: 1, burnedIn: 'NO', model: 'M1' }), ...overlayGroup(16, 16, bits)]));
    const path = images[0].path;
    const requests: ViewerRequest[] = [
      { kind: 'imageInfo', path },
      { kind: 'viewerFrame', path, frame: 0, format: 'gray8' },
      { kind: 'viewerFrame', path, frame: 0, format: 'gray16' },
      { kind: 'viewerFrame', path, frame: 0, format: 'rgba8' },
      { kind: 'frameOverlays', path: withOverlay, frame: 0 },
      { kind: 'headerTexts', path, keywords: ['SeriesDescription', 'StudyDescription'] },
    ];
    for (const request of requests) {
      const inline = await handleViewerRequest(request);
      expect(inline.kind, request.kind).toBe(request.kind);
      expect(await pool.run(request), request.kind).toEqual(inline);
    }
    const overlays = await pool.run({ kind: 'frameOverlays', path: withOverlay, frame: 0 });
    expect(overlays.kind === 'frameOverlays' ? overlays.overlays.map((o) => o.group) : overlays).toEqual([0x6000]);
    expect(await pool.run({ kind: 'headerTexts', path, keywords: ['SeriesDescription'] })).toEqual({ kind: 'headerTexts', values: { SeriesDescription: 'Series 1' } });
  });

  it('answers a header preview with the key crossing the thread', { timeout: 60_000 }, async () => {
    const request: ViewerRequest = {
      kind: 'headerPreview',
      input: { path: images[0].path, subjectId: 'SUBJ-00001', ctDate: '20240105', options: [], secret: Buffer.alloc(32, 7), pixelCleaning: false },
    };
    const inline = await handleViewerRequest(request);
    expect(inline.kind).toBe('headerPreview');
    expect(await pool.run(request)).toEqual(inline);
  });

  it('hands back a coded failure with its code: no such frame, and a file that is not an image', { timeout: 60_000 }, async () => {
    expect(await pool.run({ kind: 'viewerFrame', path: images[0].path, frame: 5, format: 'gray8' })).toMatchObject({ kind: 'requestFailed', code: 'NO_SUCH_FRAME' });
    expect(await pool.run({ kind: 'imageInfo', path: join(dir, 'notes.txt') })).toMatchObject({ kind: 'requestFailed' });
    expect(await pool.run({ kind: 'headerTexts', path: join(dir, 'notes.txt'), keywords: ['StudyDescription'] })).toEqual({ kind: 'headerTexts', values: { StudyDescription: null } });
  });
});
