/**
 * What the app tells the reviewer before de-identifying (the tree's verdict on each image, the
 * dialog's counts) is what the run then does, file by file: services with OCR wired, over the
 * project's fixtures (header-NO and YES images, burned-in text, a cine, an overlay, a reviewer's
 * box, a rejected proposal, a document).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelName } from '../../shared/ipc/channelNames';
import type { ChannelResponse } from '../../shared/ipc/api';
import type { PixelVerdictAction } from '../../shared/pixelVerdict';
import type { FileOutcome } from '../../shared/runSummary';
import { encodeDicom } from '../../../test/fixtures/dicomEncoder';
import { el } from '../../../test/fixtures/elements';
import { minimalPdf } from '../../../test/fixtures/documentFiles';
import { uid } from '../../../test/fixtures/fileSpec';
import { SOP_CLASS } from '../../../test/fixtures/tags';
import { buildBurnedInStudy } from '../../../test/fixtures/burnedInStudy';
import { tinyEnv, type TinyEnv } from '../../../test/support/tinyStudy';
import { listFilesUnder } from '../db/filesRepo';
import { listRuns } from '../db/runsRepo';
import { ocrFolderJob } from '../pipeline/findText/ocrRun';
import { dispatch } from './dispatch';

let env: TinyEnv;
type Tree = ChannelResponse<'studiesTree'>;
let tree: Tree;
let prep: ChannelResponse<'deidentifyPrepare'>;
/** The verdicts before the reviewer's box, and the image it went on. */
let beforeBox: Tree;
let boxedImage: string;
let outcomes: FileOutcome[];
let deidJobId: string;

async function call<K extends ChannelName>(name: K, payload: unknown): Promise<ChannelResponse<K>> {
  const r = await dispatch(env.services.handlers, name, payload, { validateResponse: true });
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

/** Lets every job started so far (the scan, and the OCR it starts) finish. */
async function settleJobs(): Promise<void> {
  for (let round = 0; round < 50; round++) {
    const running = env.services.jobs.list().filter((j) => j.state === 'running');
    if (running.length === 0) return;
    await Promise.all(running.map((j) => env.services.jobs.settled(j.jobId)));
  }
  throw new Error('jobs kept starting');
}

/** The tree's instances with the (patient, series number, instance number) that names their file. */
function treeImages(t: Tree): { key: string; imageId: string; action: PixelVerdictAction }[] {
  return t.patients.flatMap((p) =>
    p.studies.flatMap((s) => s.series.flatMap((se) => se.instances.map((i) => ({ key: `${p.mrn}|${se.seriesNumber}|${i.instanceNumber}`, imageId: i.imageId, action: i.verdict.action })))),
  );
}

/** What the run did to a file, in the verdict's terms. */
function outcomeAction(o: FileOutcome): PixelVerdictAction | 'failed' | 'written' {
  if (o.status === 'withheld') return 'withhold';
  if (o.status === 'failed') return 'failed';
  if (o.uncleaned?.length) return 'write-uncleaned';
  if (o.pixels === 'redacted') return 'burn';
  if (o.pixels === 'clean') return 'clean';
  return 'written';
}

/** A written file that holds pixels (from the index row of its input). */
function keyIsImage(o: FileOutcome): boolean {
  return listFilesUnder(env.db, env.study).some((r) => r.path === o.path && r.hasPixelData === true);
}

beforeAll(async () => {
  env = tinyEnv({ browseRoot: true, ocr: ocrFolderJob });
  buildBurnedInStudy(join(env.study, 'burned'));
  writeFileSync(
    join(env.study, 'report.dcm'),
    encodeDicom([
      el('SOPClassUID', SOP_CLASS.encapsulatedPdf),
      el('SOPInstanceUID', uid(9, 7, 1, 1)),
      el('PatientID', 'MRN-A'),
      el('PatientName', 'Smith^Alice'),
      el('StudyInstanceUID', uid(9, 7)),
      el('SeriesInstanceUID', uid(9, 7, 1)),
      el('SeriesNumber', 9),
      el('InstanceNumber', 1),
      el('Modality', 'DOC'),
      el('MIMETypeOfEncapsulatedDocument', 'application/pdf'),
      el('EncapsulatedDocument', minimalPdf(['Smith, Alice']), 'OB'),
    ]),
  );
  const roots = await call('browseRoots', {});
  const listing = await call('browseList', { folderId: roots.roots[0].id });
  const study = listing.entries.find((x) => x.name === 'study');
  if (!study) throw new Error('study folder not listed');
  const opened = await call('studiesOpen', { source: { via: 'browse', folderId: study.id } });
  if ('cancelled' in opened) throw new Error('cancelled');
  await settleJobs();
  const folderId = opened.folder.folderId;

  // A reviewer draws a box on an image read clean and rejects one of the OCR's proposals.
  let first = await call('studiesTree', { folderId });
  beforeBox = first;
  const tinyNo = treeImages(first).find((i) => i.action === 'clean');
  if (!tinyNo) throw new Error('no image read clean');
  boxedImage = tinyNo.imageId;
  await call('rectsCreate', { imageId: tinyNo.imageId, frame: 0, box: { x: 1, y: 1, w: 4, h: 3 } });
  first = await call('studiesTree', { folderId });
  const withProposal = treeImages(first).find((i) => i.action === 'burn' && i.imageId !== tinyNo.imageId);
  if (!withProposal) throw new Error('no image with OCR proposals');
  const proposals = (await call('rectsList', { imageId: withProposal.imageId })).rects.filter((r) => r.status === 'proposed');
  await call('rectsDecide', { rectIds: [proposals[proposals.length - 1].rectId], status: 'rejected' });

  tree = await call('studiesTree', { folderId });
  prep = await call('deidentifyPrepare', { folderId });
  const outFolder = await call('browseCreateFolder', { parentId: roots.roots[0].id, name: 'out' });
  const started = await call('deidentifyStart', { folderId, output: { via: 'browse', folderId: outFolder.id } });
  if ('cancelled' in started) throw new Error('cancelled');
  deidJobId = started.jobId;
  const job = await env.services.jobs.settled(started.jobId);
  if (job?.state !== 'done' || !job.summary?.report) throw new Error(`the run did not finish: ${JSON.stringify(job?.error)}`);
  outcomes = (JSON.parse(readFileSync(job.summary.report, 'utf8')) as { files: FileOutcome[] }).files;
}, 600_000);

afterAll(async () => {
  await env?.cleanup();
});

describe('the de-identify prediction equals the run', () => {
  it('covers the verdicts the fixtures give: burn, clean and withhold; every image was read, BurnedInAnnotation NO or not', () => {
    const actions = new Set(treeImages(tree).map((i) => i.action));
    for (const a of ['burn', 'clean', 'withhold'] as const) expect(actions.has(a), a).toBe(true);
    expect(actions.has('read')).toBe(false);
  });

  it('a box drawn on an image read clean makes it burned, without reading it again', () => {
    expect(treeImages(beforeBox).find((i) => i.imageId === boxedImage)?.action).toBe('clean');
    expect(treeImages(tree).find((i) => i.imageId === boxedImage)?.action).toBe('burn');
  });

  it('file by file: each image is burned, cleaned, copied or withheld exactly as its verdict said', () => {
    const rows = listFilesUnder(env.db, env.study);
    const keyOf = new Map(rows.map((r) => [r.path, `${(r.patientId ?? '').trim()}|${r.seriesNumber}|${r.instanceNumber}`]));
    const predicted = new Map(treeImages(tree).map((i) => [i.key, i.action]));
    const dicom = outcomes.filter((o) => o.status !== 'not-dicom' && o.status !== 'dicomdir');
    expect(dicom.length).toBe(predicted.size);
    for (const o of dicom) {
      const key = keyOf.get(o.path) as string;
      const want = predicted.get(key);
      const got = outcomeAction(o);
      const expected = want === 'header-only' ? 'written' : want;
      expect(got, `${relative(env.study, o.path)}: predicted ${want}, the run ${o.status} (${o.reason ?? o.pixels ?? ''})`).toBe(expected);
    }
  });

  it('the app verifies the written tree with the verify job: every written image confirmed clean', { timeout: 300_000 }, async () => {
    const { jobId } = await call('verifyStart', { source: { via: 'job', jobId: deidJobId } });
    const job = await env.services.jobs.settled(jobId);
    expect(job?.state).toBe('done');
    const images = outcomes.filter((o) => o.status === 'written' && keyIsImage(o)).length;
    expect(job?.verify).toMatchObject({ counts: { images, clean: images, found: 0, failed: 0 }, problems: [], verdict: 'confirmed', interrupted: false });
  });

  it('the verify job lists, as the CLI does, a file the run did not write and one changed since it was written', { timeout: 300_000 }, async () => {
    const out = join(env.root, 'out');
    const written = join(out, outcomes.find((o) => o.status === 'written' && o.output !== undefined && keyIsImage(o))?.output as string);
    const original = readFileSync(written);
    const changed = Buffer.from(original);
    changed[changed.length - 1] ^= 1;
    writeFileSync(written, changed);
    mkdirSync(join(out, 'extra'));
    writeFileSync(join(out, 'extra', 'copied.dcm'), 'not ours');
    try {
      const { jobId } = await call('verifyStart', { source: { via: 'job', jobId: deidJobId } });
      const job = await env.services.jobs.settled(jobId);
      expect(job?.state).toBe('done');
      expect(job?.verify?.verdict).toBe('not-confirmed');
      expect(job?.verify?.problems.filter((p) => p.status === 'not-written' || p.status === 'changed').sort((a, b) => (a.path < b.path ? -1 : 1))).toEqual(
        [
          { path: join('extra', 'copied.dcm'), status: 'not-written', reason: 'NOT WRITTEN BY DEID-STUDIO' },
          { path: relative(out, written), status: 'changed', reason: 'CHANGED SINCE WRITTEN' },
        ].sort((a, b) => (a.path < b.path ? -1 : 1)),
      );
    } finally {
      writeFileSync(written, original);
      rmSync(join(out, 'extra'), { recursive: true });
    }
  });

  it('one de-identify job writes one run record, finished with the run\'s exit code', () => {
    const runs = listRuns(env.db).filter((r) => r.command === 'deidentify' || r.command === 'app:deidentify');
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ command: 'app:deidentify', exitCode: 3 });
  });

  it("the dialog's counts are the run's counts", () => {
    const count = (a: ReturnType<typeof outcomeAction>): number => outcomes.filter((o) => o.status !== 'not-dicom' && outcomeAction(o) === a).length;
    expect(prep.withheld).toBe(count('withhold'));
    expect(prep.pixels.burn).toBe(count('burn'));
    expect(prep.pixels.clean).toBe(count('clean'));
    expect(prep.pixels['header-only']).toBe(count('written'));
    expect(prep.pixels.read).toBe(0);
  });
});
