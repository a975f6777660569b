import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelName } from '../../shared/ipc/channelNames';
import type { ChannelResponse } from '../../shared/ipc/api';
import { parseCsv } from '../../shared/csv';
import { getRect, insertRects } from '../db/rectsRepo';
import { dispatch } from './dispatch';
import type { Services } from './createServices';
import { type TinyEnv, tinyEnv, tinyPixel } from '../../../test/support/tinyStudy';

let env: TinyEnv | undefined;
afterEach(async () => {
  await env?.cleanup();
  env = undefined;
});

async function call<K extends ChannelName>(s: Services, name: K, payload: unknown): Promise<ChannelResponse<K>> {
  const r = await dispatch(s.handlers, name, payload, { validateResponse: true });
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

async function failure(s: Services, name: ChannelName, payload: unknown): Promise<string> {
  const r = await dispatch(s.handlers, name, payload);
  if (r.ok) throw new Error(`${name} unexpectedly succeeded`);
  return r.error.code;
}

async function openStudy(e: TinyEnv): Promise<string> {
  const roots = await call(e.services, 'browseRoots', {});
  const listing = await call(e.services, 'browseList', { folderId: roots.roots[0].id });
  const study = listing.entries.find((x) => x.name === 'study');
  if (!study) throw new Error('study folder not listed');
  const opened = await call(e.services, 'studiesOpen', { source: { via: 'browse', folderId: study.id } });
  if ('cancelled' in opened) throw new Error('cancelled');
  const job = await e.services.jobs.settled(opened.jobId);
  expect(job?.state).toBe('done');
  expect(job?.scan).toMatchObject({ total: 7, dicom: 6, nonDicom: 1, images: 6 });
  return opened.folder.folderId;
}

describe('services', () => {
  it('opens a folder by browse id, scans it and builds the tree with subject ids and CT dates', async () => {
    env = tinyEnv({ browseRoot: true });
    const events: string[] = [];
    env.services.subscribe((event) => events.push(event));
    const folderId = await openStudy(env);
    expect(events).toContain('jobFinished');
    expect(events).toContain('studyChanged');

    const tree = await call(env.services, 'studiesTree', { folderId });
    expect(tree.totals).toMatchObject({ files: 7, images: 6, notDicom: 1, listed: 6 });
    expect(tree.patients.map((p) => p.mrn).sort()).toEqual(['MRN-A', 'MRN-B']);
    for (const p of tree.patients) {
      expect(p.subjectId).toMatch(/^SUBJ-\d{5}$/);
      expect(p.studies[0].ctDate).toBe('20240104');
    }
    const a = tree.patients.find((p) => p.mrn === 'MRN-A');
    expect(a?.studies[0].series.map((s) => [s.seriesNumber, s.description, s.counts.instances])).toEqual([['1', 'Series 1', 3], ['2', 'Series 2', 1]]);
    // No OCR in these services: every image with pixels would be withheld (a header's NO is not
    // proof), and the tree says why, the BurnedInAnnotation YES image of MRN-B included.
    const b = tree.patients.find((p) => p.mrn === 'MRN-B');
    expect(b?.studies[0].series[0].counts.withheld).toBe(2);
    const withheld = await call(env.services, 'studiesTree', { folderId, filter: { withheld: true } });
    expect(withheld.totals.listed).toBe(6);
    const reasons = withheld.patients.flatMap((p) => p.studies.flatMap((st) => st.series.flatMap((se) => se.instances.map((i) => i.withheldReason ?? ''))));
    expect(reasons.every((r) => /pixel cleaning is off/.test(r))).toBe(true);
    expect(reasons.filter((r) => /BurnedInAnnotation is YES/.test(r))).toHaveLength(1);
    // The recent list remembers the folder.
    const recent = await call(env.services, 'studiesRecent', {});
    expect(recent.folders[0].displayPath).toBe(tree.folder.displayPath);
  });

  it('decodes frames as windowed 8-bit and as stored 16-bit values', async () => {
    env = tinyEnv({ browseRoot: true });
    const folderId = await openStudy(env);
    const tree = await call(env.services, 'studiesTree', { folderId });
    const imageId = tree.patients[0].studies[0].series[0].instances[0].imageId;
    const info = await call(env.services, 'imagesInfo', { imageId });
    expect(info).toMatchObject({ rows: 16, columns: 16, frames: 1, window: { center: 750, width: 1500 } });
    const raw = await call(env.services, 'imagesFrame', { imageId, frame: 0, format: 'gray16' });
    const stored = new Uint16Array(raw.pixels);
    expect(raw.format).toBe('gray16');
    expect(stored[3 * 16 + 5]).toBe(tinyPixel(5, 3));
    const display = await call(env.services, 'imagesFrame', { imageId, frame: 0, format: 'gray8' });
    const bytes = new Uint8Array(display.pixels);
    expect(bytes.length).toBe(256);
    // Window 750/1500 maps 0 to black and 1500 to white, a linear ramp between.
    expect(bytes[0]).toBe(0);
    expect(bytes[15]).toBe(255);
    expect(bytes[8]).toBeGreaterThan(130);
    expect(bytes[8]).toBeLessThan(140);
    expect(await failure(env.services, 'imagesFrame', { imageId, frame: 1 })).toBe('NO_SUCH_FRAME');
    expect(await failure(env.services, 'imagesFrame', { imageId: 'img_notHandedOut1', frame: 0 })).toBe('NOT_FOUND');
  });

  it('a box copied onto images marked done clears their done mark (they need review again) and says which', async () => {
    env = tinyEnv({ browseRoot: true });
    const folderId = await openStudy(env);
    const series1 = (await call(env.services, 'studiesTree', { folderId })).patients.find((p) => p.mrn === 'MRN-A')?.studies[0].series[0];
    if (!series1) throw new Error('no series');
    await call(env.services, 'reviewMarkDone', { target: { seriesId: series1.seriesId }, done: true });
    const source = series1.instances[0].imageId;
    const drawn = await call(env.services, 'rectsCreate', { imageId: source, frame: 0, box: { x: 2, y: 3, w: 4, h: 4 } });
    const copied = await call(env.services, 'rectsPropagate', { rectId: drawn.rectId, scope: 'series' });
    const others = series1.instances.slice(1).map((i) => i.imageId);
    expect(copied).toMatchObject({ created: others.length, images: others.length });
    expect([...copied.reopened].sort()).toEqual([...others].sort());
    const after = (await call(env.services, 'studiesTree', { folderId })).patients.find((p) => p.mrn === 'MRN-A')?.studies[0].series[0];
    const doneOf = new Map(after?.instances.map((i) => [i.imageId, i.done]));
    for (const id of others) expect(doneOf.get(id), `image ${id} still marked done`).toBe(false);
    // The reviewer's own image keeps its mark: copying from it changes nothing on it.
    expect(doneOf.get(source)).toBe(true);
    // Nothing left to clear: a second copy skips every image and reopens none.
    expect((await call(env.services, 'rectsPropagate', { rectId: drawn.rectId, scope: 'series' })).reopened).toEqual([]);
  });

  it('records box decisions, drawing, moving, propagation and done marks, and exports the audit', async () => {
    env = tinyEnv({ browseRoot: true });
    const folderId = await openStudy(env);
    const tree = await call(env.services, 'studiesTree', { folderId });
    const a = tree.patients.find((p) => p.mrn === 'MRN-A');
    const series1 = a?.studies[0].series[0];
    if (!series1) throw new Error('no series');
    const imageId = series1.instances[0].imageId;
    const drawn = await call(env.services, 'rectsCreate', { imageId, frame: 0, box: { x: 2, y: 3, w: 40, h: 5 } });
    expect(drawn).toMatchObject({ source: 'manual', status: 'approved', x: 2, w: 14, decidedBy: 'tester' });
    const moved = await call(env.services, 'rectsMove', { rectId: drawn.rectId, box: { x: 1, y: 1, w: 4, h: 4 } });
    expect(moved).toMatchObject({ x: 1, y: 1, w: 4, h: 4 });
    expect(await failure(env.services, 'rectsCreate', { imageId, frame: 0, box: { x: 16, y: 0, w: 2, h: 2 } })).toBe('BOX_OUTSIDE');

    const series = await call(env.services, 'rectsPropagate', { rectId: drawn.rectId, scope: 'series' });
    expect(series).toMatchObject({ created: 2, images: 2, skipped: 0 });
    expect(series.rectIds).toHaveLength(2);
    const again = await call(env.services, 'rectsPropagate', { rectId: drawn.rectId, scope: 'series' });
    expect(again).toEqual({ created: 0, images: 0, skipped: 2, rectIds: [], reopened: [] });
    // Same device: model M1, 16×16 = the 3 + 1 images of MRN-A; the source and series 1 already have it.
    const device = await call(env.services, 'rectsPropagate', { rectId: drawn.rectId, scope: 'sameDevice' });
    expect(device).toMatchObject({ created: 1, images: 1, skipped: 2 });
    expect(device.rectIds).toHaveLength(1);

    const other = series1.instances[1].imageId;
    const rects = (await call(env.services, 'rectsList', { imageId: other })).rects;
    expect(rects).toHaveLength(1);
    expect(rects[0]).toMatchObject({ source: 'rule', status: 'proposed', frame: null, x: 1, y: 1 });
    const rejected = await call(env.services, 'rectsDecide', { rectIds: [rects[0].rectId], status: 'rejected' });
    expect(rejected.rects[0]).toMatchObject({ status: 'rejected', decidedBy: 'tester' });
    await call(env.services, 'appSetReviewer', { name: 'Dr Second' });
    await call(env.services, 'rectsDecide', { rectIds: [rects[0].rectId], status: 'approved' });
    // Only OCR text the rules never flagged can go back to unflagged (the undo of a decision on it).
    expect(await failure(env.services, 'rectsDecide', { rectIds: [rects[0].rectId], status: 'unflagged' })).toBe('INVALID_REQUEST');
    const fileId = getRect(env.db, rects[0].rectId)?.fileId as number;
    const [textId] = insertRects(env.db, fileId, [{ plane: 'frame', overlayGroup: null, frame: null, x: 8, y: 8, w: 6, h: 4, text: 'kV', source: 'ocr', status: 'unflagged', reason: null }], 'ocr');
    await call(env.services, 'rectsDecide', { rectIds: [textId], status: 'approved' });
    const reset = await call(env.services, 'rectsDecide', { rectIds: [textId], status: 'unflagged' });
    expect(reset.rects[0]).toMatchObject({ status: 'unflagged', source: 'ocr' });
    await call(env.services, 'rectsDecide', { rectIds: [textId], status: 'rejected' });

    const done = await call(env.services, 'reviewMarkDone', { target: { seriesId: series1.seriesId }, done: true });
    expect(done.updated).toBe(3);
    const unreviewed = await call(env.services, 'studiesTree', { folderId, filter: { unreviewedOnly: true } });
    expect(unreviewed.totals.listed).toBe(3);
    const proposals = await call(env.services, 'studiesTree', { folderId, filter: { hasProposals: true } });
    expect(proposals.totals.listed).toBe(2);

    // No OCR in these services: nothing can be read or burned, so every image is withheld (fail
    // closed), the one whose header says NO and carries no box included.
    const prep = await call(env.services, 'deidentifyPrepare', { folderId });
    expect(prep).toMatchObject({ images: 6, unreviewedProposals: 2, imagesNotDone: 3, withheld: 6 });
    expect(prep.pixels).toMatchObject({ withhold: 6, clean: 0, burn: 0, read: 0 });

    const exported = await call(env.services, 'exportsWrite', { kind: 'audit', folderId, destination: { via: 'default' } });
    if ('cancelled' in exported) throw new Error('cancelled');
    const [notice, ...rows] = parseCsv(readFileSync(exported.displayPath, 'utf8'));
    expect(notice[0]).toMatch(/^# PHI: /);
    expect(rows[0].slice(0, 4)).toEqual(['at', 'reviewer', 'action', 'from_status']);
    const actions = rows.slice(1).map((r) => `${r[1]}:${r[2]}`);
    expect(actions).toEqual(expect.arrayContaining(['tester:create', 'tester:move', 'tester:propose', 'tester:reject', 'Dr Second:approve']));
    expect(exported.rows).toBe(rows.length - 1);
    expect(await failure(env.services, 'rectsDelete', { rectId: 999999 })).toBe('NOT_FOUND');
    await call(env.services, 'rectsDelete', { rectId: drawn.rectId });
    expect((await call(env.services, 'rectsList', { imageId })).rects).toHaveLength(0);
  });

  it('previews the header changes the real rewriter makes', async () => {
    env = tinyEnv({ browseRoot: true });
    const folderId = await openStudy(env);
    const tree = await call(env.services, 'studiesTree', { folderId });
    const p = tree.patients.find((x) => x.mrn === 'MRN-A');
    const imageId = p?.studies[0].series[0].instances[0].imageId as string;
    const preview = await call(env.services, 'imagesHeaderPreview', { imageId });
    expect(preview.subjectId).toBe(p?.subjectId);
    expect(preview.ctDate).toBe('20240104');
    expect(preview.patientName).toBe(`${p?.subjectId}_20240104`);
    const byKeyword = new Map(preview.changes.map((c) => [c.keyword, c]));
    expect(byKeyword.get('PatientName')).toMatchObject({ change: 'replaced', before: 'Smith^Alice', after: `${p?.subjectId}_20240104` });
    expect(byKeyword.get('PatientID')).toMatchObject({ before: 'MRN-A', after: p?.subjectId });
    expect(byKeyword.get('PatientBirthDate')).toMatchObject({ change: 'emptied', before: '19600101' });
    expect(byKeyword.get('SOPInstanceUID')?.after).toMatch(/^2\.25\./);
    expect(byKeyword.get('InstitutionName')?.change).toMatch(/removed|emptied|replaced/);
    expect(byKeyword.has('Rows')).toBe(false);
    expect(preview.unchangedCount).toBeGreaterThan(10);
    // The preview runs the real writer: without OCR the image is withheld, and says why.
    expect(preview.outcome).toMatchObject({ status: 'withheld', reason: expect.stringMatching(/pixel cleaning is off/) });
  });

  it('de-identifies the folder as a job, then exports the mapping; withheld images are named', async () => {
    env = tinyEnv({ browseRoot: true });
    const folderId = await openStudy(env);
    const roots = await call(env.services, 'browseRoots', {});
    const out = await call(env.services, 'browseCreateFolder', { parentId: roots.roots[0].id, name: 'out' });
    const progress: number[] = [];
    env.services.subscribe((event, payload) => {
      if (event === 'jobProgress') progress.push((payload as { done: number }).done);
    });
    const started = await call(env.services, 'deidentifyStart', { folderId, output: { via: 'browse', folderId: out.id } });
    if ('cancelled' in started) throw new Error('cancelled');
    const job = await env.services.jobs.settled(started.jobId);
    expect(job?.state).toBe('done');
    // Without OCR every image is withheld and named with its reason; the mapping is still written.
    expect(job?.summary?.counts).toMatchObject({ written: 0, withheld: 6 });
    // Seven files named: the six images, and notes.txt (not DICOM).
    expect(job?.summary?.problems).toHaveLength(7);
    expect(job?.summary?.problems.filter((p) => /BurnedInAnnotation is YES/.test(p.reason ?? ''))).toHaveLength(1);
    expect(progress.length).toBeGreaterThan(0);
    const outDir = join(env.root, 'out');
    // Nothing passed, so nothing is in the tree (no half-written or unverified file either).
    expect(readdirSync(outDir)).toEqual([]);
    const opened = await call(env.services, 'outputOpen', { jobId: started.jobId });
    expect(opened).toEqual({ opened: false, displayPath: outDir });

    const mapping = await call(env.services, 'exportsWrite', { kind: 'mapping', destination: { via: 'default' } });
    if ('cancelled' in mapping) throw new Error('cancelled');
    const rows = parseCsv(readFileSync(mapping.displayPath, 'utf8'));
    expect(rows[0]).toEqual(['subj', 'MRN', 'CT_date']);
    expect(rows.slice(1).map((r) => r[1]).sort()).toEqual(['MRN-A', 'MRN-B']);
    // Exports never go into the de-identified output.
    expect(await failure(env.services, 'exportsWrite', { kind: 'mapping', destination: { via: 'browse', folderId: out.id } })).toBe('EXPORT_INSIDE_OUTPUT');
  });

  it('refuses browse ids outside the roots, dialogs in browser mode and unopened folders', async () => {
    env = tinyEnv({ browseRoot: true });
    expect(await failure(env.services, 'studiesOpen', { source: { via: 'dialog' } })).toBe('DIALOG_UNAVAILABLE');
    expect(await failure(env.services, 'browseList', { folderId: 'fld_neverHandedOut' })).toBe('NOT_FOUND');
    expect(await failure(env.services, 'studiesTree', { folderId: 'fld_neverHandedOut' })).toBe('NOT_FOUND');
    const roots = await call(env.services, 'browseRoots', {});
    // A root's id is known but the folder was not opened: the tree refuses it.
    expect(await failure(env.services, 'studiesTree', { folderId: roots.roots[0].id })).toBe('NO_FOLDER');
    expect(await failure(env.services, 'ocrStart', { folderId: roots.roots[0].id })).toBe('NO_FOLDER');
    expect(existsSync(env.root)).toBe(true);
  });

  it('creates, selects and lists projects; the tree follows the current project', async () => {
    env = tinyEnv({ browseRoot: true });
    const folderId = await openStudy(env);
    const first = await call(env.services, 'studiesTree', { folderId });
    const created = await call(env.services, 'projectsCreate', { name: 'team-b', settings: { prefix: 'TB', width: 3 } });
    expect(created).toMatchObject({ name: 'team-b', prefix: 'TB', width: 3, subjects: 0 });
    expect(await failure(env.services, 'projectsCreate', { name: 'team-b' })).toBe('PROJECT_EXISTS');
    const second = await call(env.services, 'studiesTree', { folderId });
    expect(second.project).toBe('team-b');
    expect(second.patients.every((p) => /^TB-\d{3}$/.test(p.subjectId ?? ''))).toBe(true);
    const list = await call(env.services, 'projectsList', {});
    expect(list.current).toBe('team-b');
    expect(list.projects.map((p) => p.name).sort()).toEqual(['default', 'team-b']);
    await call(env.services, 'projectsSelect', { name: 'default' });
    const back = await call(env.services, 'studiesTree', { folderId });
    expect(back.patients.map((p) => p.subjectId).sort()).toEqual(first.patients.map((p) => p.subjectId).sort());
    const info = await call(env.services, 'appInfo', {});
    expect(info).toMatchObject({ mode: 'browser', reviewer: 'tester', browseAvailable: true, ocrAvailable: false, project: { name: 'default' } });
  });

  it('asks the reviewer for a name: no OS-user default, and no decision until one is given', async () => {
    env = tinyEnv({ browseRoot: true, reviewer: undefined });
    expect((await call(env.services, 'appInfo', {})).reviewer).toBeNull();
    const folderId = await openStudy(env);
    const tree = await call(env.services, 'studiesTree', { folderId });
    const imageId = tree.patients[0].studies[0].series[0].instances[0].imageId;
    const box = { x: 1, y: 1, w: 2, h: 2 };
    expect(await failure(env.services, 'rectsCreate', { imageId, frame: null, box })).toBe('NO_REVIEWER');
    await call(env.services, 'appSetReviewer', { name: 'Dr Named' });
    expect((await call(env.services, 'appInfo', {})).reviewer).toBe('Dr Named');
    expect((await call(env.services, 'rectsCreate', { imageId, frame: null, box })).decidedBy).toBe('Dr Named');
  });
});
