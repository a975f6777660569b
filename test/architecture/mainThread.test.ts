import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeChain, parsersOnMainThread } from '../support/mainThreadImports';

/** The modules the Electron main thread and the served back end load from. */
const FRONT_ENDS = ['src/main/app', 'src/main/ipc', 'src/main/serve'];
/**
 * Where parsing and decoding run: the pool's worker entry and the request handlers it serves (the
 * pool runs those inline only without a worker script: tests over the sources, `--workers 0`;
 * the app always has dist/main/worker.js), the job thread that runs the jobs' stages, and PP-OCR's worker.
 */
const WORKER_ENTRIES = ['src/main/workers/worker.ts', 'src/main/workers/workerHandlers.ts', 'src/main/ipc/jobThreadEntry.ts', 'src/main/ocr/ppocr/ppocrWorker.ts'];
/** What runs the jobs' stages inline: the job thread's entry imports it, and tests over the sources. */
const INLINE_STAGES = ['src/main/ipc/inlineJobStages.ts'];

/** Source files under `dir` (tests left out), relative to the working directory. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const rel = join(dir, e.name);
    if (e.isDirectory()) return sources(rel);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [rel] : [];
  });
}

describe('the main thread only orchestrates', () => {
  it('loads no DICOM parser, pixel decoder or codec package from app/, ipc/ or serve/', () => {
    const root = process.cwd();
    expect(parsersOnMainThread(root, FRONT_ENDS, [...WORKER_ENTRIES, ...INLINE_STAGES]).map((p) => describeChain(p, root))).toEqual([]);
  });

  it('runs the inline job stages only on the job thread: no other module of src/ imports them', () => {
    const importers = sources('src').filter((f) => /from '\.\/inlineJobStages'|from '[./]*\/ipc\/inlineJobStages'/.test(readFileSync(f, 'utf8')));
    expect(importers).toEqual(['src/main/ipc/jobThreadEntry.ts']);
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
