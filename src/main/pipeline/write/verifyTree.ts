/**
 * `deid-studio verify <out>`: checks every image of a de-identified tree, whoever wrote it, with
 * the independent verify pass (the detector looks again, tesseract reads every frame): text left
 * outside the regions explained as harmless is a finding. Explained are the regions the judge keeps
 * on the output itself (the allowlist; with the database, the patient's identifiers are looked
 * for) and, when the database traces an output to its input (subject id, remapped SOP Instance
 * UID), the boxes a reviewer rejected and the text kept there. Every image that claims 113101
 * (Clean Pixel Data) but is not confirmed clean is listed, so a site can recall what was shipped.
 */
import { availableParallelism } from 'node:os';
import type { JobProgress } from '../../../shared/progress';
import { projectSecret } from '../../db/projectSecrets';
import type { AppDatabase } from '../../db/database';
import { listProjects, type Project } from '../../db/projectsRepo';
import { listRects } from '../../db/rectsRepo';
import { listPatientInstances } from '../../db/filesRepo';
import { findSubjectsById } from '../../db/subjectsRepo';
import { createUidRemapper } from '../../deid/uidRemap';
import { FileSource } from '../../dicom/byteSource';
import { mergeIdentifyingValues, type IdentifyingValues } from '../../dicom/identifyingValues';
import { readText } from '../../dicom/elementValues';
import { parseDicom } from '../../dicom/parseDicom';
import { walkFolder } from '../../files/walkFolder';
import { DEFAULT_ALLOWLIST } from '../../phi/defaultAllowlist';
import { patientIdentifierValues, termListsOf, toIdentifierValues, type TermLists } from '../findText/patientMatcher';
import { buildIdentifierSet } from '../../phi/phiMatch';
import { createPixelEngines, type PixelEngines } from '../../ocr/engines/pixelEngines';
import type { ExplainedBox, TextLeft } from '../../ocr/verifyText';
import { lineJudge } from '../findText/lineJudge';
import { explainedBoxes, verifyImageFile } from './verifyImage';
import { forEachLimited } from '../../workers/forEachLimited';
import { TAG } from '../../dicom/dictionary';

/** What to verify. */
export interface VerifyTreeOptions {
  /** The de-identified tree. */
  output: string;
  db?: AppDatabase;
  /** Engines to use (shared with the caller); otherwise made here and closed. */
  engines?: PixelEngines;
  signal?: AbortSignal;
  onProgress?: (p: JobProgress) => void;
}

/** The verdict on one file of the tree. */
interface VerifiedFile {
  path: string;
  status: 'clean' | 'found' | 'failed' | 'no-pixels' | 'not-dicom';
  findings?: TextLeft[];
  /** The file records 113101 (Clean Pixel Data) in its De-identification Method Code Sequence. */
  claimsCleanPixels?: boolean;
  error?: string;
  /** The subject the file belongs to, when the database knows it. */
  subject?: string;
}

/** The whole run. */
export interface VerifyTreeResult {
  files: VerifiedFile[];
  counts: { files: number; images: number; clean: number; found: number; failed: number; unconfirmed: number };
  interrupted: boolean;
}

interface OutputHeader {
  hasPixels: boolean;
  claimsCleanPixels: boolean;
  patientId: string;
  sopInstanceUid: string;
}

/** Verifies every image under `output`. */
export async function verifyTree(o: VerifyTreeOptions): Promise<VerifyTreeResult> {
  const { files: walked } = walkFolder(o.output);
  const engines = o.engines ?? createPixelEngines();
  // The lists of the projects an output belongs to; an output traced to no project gets the strict ones.
  const lists = new Map<string, TermLists>();
  const listsFor = (projectIds: readonly number[]): Pick<TermLists, 'allowlist' | 'denylist'> => {
    if (!o.db) return { allowlist: DEFAULT_ALLOWLIST, denylist: { words: [], patterns: [] } };
    const key = [...new Set(projectIds)].sort((a, b) => a - b).join(',');
    let l = lists.get(key);
    if (!l) lists.set(key, (l = termListsOf(o.db, projectIds)));
    return l;
  };
  const projects = o.db ? listProjects(o.db) : [];
  const results: VerifiedFile[] = [];
  const counts = { files: walked.length, images: 0, clean: 0, found: 0, failed: 0, unconfirmed: 0 };
  const startedAt = Date.now();
  let interrupted = false;
  // Progress counts files (the total is every file walked), images or not.
  let filesDone = 0;
  const fileDone = (path: string): void => o.onProgress?.({ phase: 'verify', done: ++filesDone, total: walked.length, unit: 'files', startedAt, current: path });
  try {
    await forEachLimited(walked, availableParallelism() + 1, async (f) => {
      o.signal?.throwIfAborted();
      const header = readOutputHeader(f.path);
      if (!header) {
        results.push({ path: f.path, status: 'not-dicom' });
        return fileDone(f.path);
      }
      if (!header.hasPixels) {
        results.push({ path: f.path, status: 'no-pixels' });
        return fileDone(f.path);
      }
      counts.images++;
      const origin = o.db ? traceOrigin(o.db, projects, header) : { values: mergeIdentifyingValues([]), explained: [], projectIds: [] };
      const match = { identifiers: buildIdentifierSet(toIdentifierValues(origin.values)), ...listsFor(origin.projectIds), redactAllText: false };
      const v = await verifyImageFile(f.path, { engines: engines.verify, explained: origin.explained, keep: { engines: engines.find, judge: lineJudge(match) }, signal: o.signal });
      counts[v.status]++;
      if (header.claimsCleanPixels && v.status !== 'clean') counts.unconfirmed++;
      results.push({ path: f.path, status: v.status, claimsCleanPixels: header.claimsCleanPixels, ...(v.findings.length ? { findings: v.findings } : {}), ...(v.error ? { error: v.error } : {}), ...(origin.subject ? { subject: origin.subject } : {}) });
      fileDone(f.path);
    });
  } catch (e) {
    if (!o.signal?.aborted) throw e;
    interrupted = true;
  } finally {
    if (!o.engines) await engines.close();
  }
  results.sort((a, b) => (a.path < b.path ? -1 : 1));
  return { files: results, counts, interrupted };
}

function readOutputHeader(path: string): OutputHeader | undefined {
  let src: FileSource | undefined;
  try {
    src = new FileSource(path);
    const parsed = parseDicom(src, { stopAtPixelData: true });
    const text = (tag: number): string => {
      const el = parsed.dataset.find((e) => e.tag === tag);
      return el ? readText(parsed.datasetSource, el, undefined).trim() : '';
    };
    const codes = parsed.dataset.find((e) => e.tag === TAG.DeidentificationMethodCodeSequence)?.items ?? [];
    const claimsCleanPixels = codes.some((item) => {
      const value = item.elements.find((e) => e.tag === TAG.CodeValue);
      return value !== undefined && readText(parsed.datasetSource, value, undefined).trim() === '113101';
    });
    return {
      hasPixels: parsed.stoppedAtPixelData || parsed.dataset.some((e) => e.tag === TAG.PixelData || e.tag === TAG.FloatPixelData),
      claimsCleanPixels,
      patientId: text(TAG.PatientID),
      sopInstanceUid: text(TAG.SOPInstanceUID),
    };
  } catch {
    return undefined;
  } finally {
    src?.close();
  }
}

interface Origin {
  values: IdentifyingValues;
  explained: ExplainedBox[];
  /** The projects whose subjects the output belongs to. */
  projectIds: number[];
  subject?: string;
}

/**
 * The patient behind an output (by its subject id, in every project that has it) and, when the
 * remapped SOP Instance UID leads back to an input file, the regions explained there (boxes a
 * reviewer rejected, text the judge kept).
 */
function traceOrigin(db: AppDatabase, projects: readonly Project[], header: OutputHeader): Origin {
  const subjects = findSubjectsById(db, header.patientId);
  const values: IdentifyingValues[] = [];
  let explained: ExplainedBox[] = [];
  for (const s of subjects) {
    const who = s.mrn ? { patientId: s.mrn, studyUid: null } : { patientId: null, studyUid: s.mrnKey.replace(/^study:/, '') };
    values.push(patientIdentifierValues(db, who));
    const project = projects.find((p) => p.id === s.projectId);
    if (!project || explained.length) continue;
    const remap = createUidRemapper(projectSecret(db, project));
    const inputs = listPatientInstances(db, who);
    const input = inputs.find((i) => i.sop && (i.sop === header.sopInstanceUid || remap(i.sop) === header.sopInstanceUid));
    if (input) explained = explainedBoxes(listRects(db, input.id));
  }
  return { values: mergeIdentifyingValues(values), explained, projectIds: subjects.map((s) => s.projectId), ...(subjects.length ? { subject: header.patientId } : {}) };
}
