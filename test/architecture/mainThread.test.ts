import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeChain, parsersOnMainThread } from '../support/mainThreadImports';

/** The modules the Electron main thread and the served back end load from. */
const FRONT_ENDS = ['src/main/app', 'src/main/ipc', 'src/main/serve'];
/**
 * Where parsing and decoding run: the pool's worker entry and the request handlers it serves (the
 * pool runs those inline only without a worker script: tests over the sources, `--workers 0`;
 * the app always has dist/main/worker.js), and PP-OCR's worker.
 */
const WORKER_ENTRIES = ['src/main/workers/worker.ts', 'src/main/workers/workerHandlers.ts', 'src/main/ocr/ppocr/ppocrWorker.ts'];
/**
 * Not yet off the main thread (issue 11, left): the long jobs run their stages (scan, OCR,
 * de-identify, verify) on it, between awaits. Listed here by name so that no other route to the
 * parser can appear unnoticed; moving the jobs to a worker removes these two lines.
 */
const JOBS_STILL_ON_MAIN_THREAD = ['src/main/ipc/jobWork.ts', 'src/main/pipeline/findText/ocrRun.ts'];

describe('the main thread only orchestrates', () => {
  it('loads no DICOM parser, pixel decoder or codec package from app/, ipc/ or serve/ but through the jobs', () => {
    const root = process.cwd();
    expect(parsersOnMainThread(root, FRONT_ENDS, [...WORKER_ENTRIES, ...JOBS_STILL_ON_MAIN_THREAD]).map((p) => describeChain(p, root))).toEqual([]);
  });
});

describe('the main-thread walk, on a planted tree', () => {
  const root = mkdtempSync(join(tmpdir(), 'deid-mainthread-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const plant = (files: Record<string, string>): string[] => {
    rmSync(join(root, 'src'), { recursive: true, force: true });
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return parsersOnMainThread(root, ['src/main/ipc'], ['src/main/workers/worker.ts']).map((p) => `${p.module} via ${p.chain.join(' > ')}`);
  };
  const base = {
    'src/main/dicom/parseDicom.ts': 'export const parseDicom = (b: Uint8Array): number => b.length;\n',
    'src/main/dicom/types.ts': 'export interface Parsed { n: number }\n',
    'src/main/workers/worker.ts': "import { parseDicom } from '../dicom/parseDicom';\nexport const w = parseDicom;\n",
    'src/main/workers/pool.ts': "export const run = (r: { kind: string }): Promise<unknown> => Promise.resolve(r);\n",
  };

  it('finds nothing when the handlers reach the parser only through the pool, or import only its types', () => {
    expect(
      plant({
        ...base,
        'src/main/ipc/handlers.ts':
          "import { run } from '../workers/pool';\nimport type { Parsed } from '../dicom/types';\nimport { type parseDicom } from '../dicom/parseDicom';\nexport const h = (p: Parsed): unknown => run({ kind: 'parse' }) ?? (p as unknown as typeof parseDicom);\n",
      }),
    ).toEqual([]);
  });

  it('names a parser reached through a chain of imports, a dynamic import and a codec package', () => {
    expect(
      plant({
        ...base,
        'src/main/ipc/handlers.ts': "import { step } from '../pipeline/step';\nexport const h = step;\nexport const later = () => import('../pixels/decoders/rle');\n",
        'src/main/pipeline/step.ts': "import { parseDicom } from '../dicom/parseDicom';\nimport codec from '@cornerstonejs/codec-charls';\nexport const step = [parseDicom, codec];\n",
        'src/main/pixels/decoders/rle.ts': 'export const rle = 1;\n',
      }).sort(),
    ).toEqual([
      'package @cornerstonejs/codec-charls via src/main/ipc/handlers.ts > src/main/pipeline/step.ts',
      'src/main/dicom/parseDicom.ts via src/main/ipc/handlers.ts > src/main/pipeline/step.ts > src/main/dicom/parseDicom.ts',
      'src/main/pixels/decoders/rle.ts via src/main/ipc/handlers.ts > src/main/pixels/decoders/rle.ts',
    ]);
  });
});
