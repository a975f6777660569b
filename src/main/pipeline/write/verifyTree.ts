/**
 * `deid-studio verify <out>`: re-reads the pixels and overlays of every image in a de-identified
 * tree and reports text that names the patient or reads as a date. With the database, each
 * output is traced back to its patient (the subject id it carries) and to its input (the remapped
 * SOP Instance UID), so the patient's identifiers are looked for and reviewer-rejected boxes kept.
 */
import { availableParallelism } from 'node:os';
import type { JobProgress } from '../../../shared/progress';
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
import { createOcrPool, type OcrPool } from '../../ocr/tesseractPool';
import { verifyImageFile, type KeptBox, type VerifyFinding } from './verifyImage';
import { forEachLimited } from '../../workers/forEachLimited';
import { TAG } from '../../dicom/dictionary';

/** What to verify. */
interface VerifyTreeOptions {
  /** The de-identified tree. */
  output: string;
  db?: AppDatabase;
  pool?: OcrPool;
  sampleInterval?: number;
  signal?: AbortSignal;
  onProgress?: (p: JobProgress) => void;
}

/** The verdict on one file of the tree. */
interface VerifiedFile {
  path: string;
  status: 'clean' | 'found' | 'failed' | 'no-pixels' | 'not-dicom';
  findings?: VerifyFinding[];
  error?: string;
  /** The subject the file belongs to, when the database knows it. */
  subject?: string;
}

/** The whole run. */
export interface VerifyTreeResult {
  files: VerifiedFile[];
  counts: { files: number; images: number; clean: number; found: number; failed: number };
  interrupted: boolean;
}

interface OutputHeader {
  hasPixels: boolean;
  patientId: string;
  sopInstanceUid: string;
}

/** Verifies every image under `output`. */
export async function verifyTree(o: VerifyTreeOptions): Promise<VerifyTreeResult> {
  const { files: walked } = walkFolder(o.output);
  const pool = o.pool ?? createOcrPool({ size: availableParallelism() });
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
  const counts = { files: walked.length, images: 0, clean: 0, found: 0, failed: 0 };
  const startedAt = Date.now();
  let interrupted = false;
  try {
    await forEachLimited(walked, availableParallelism() + 1, async (f) => {
      o.signal?.throwIfAborted();
      const header = readOutputHeader(f.path);
      if (!header) return void results.push({ path: f.path, status: 'not-dicom' });
      if (!header.hasPixels) return void results.push({ path: f.path, status: 'no-pixels' });
      counts.images++;
      const origin = o.db ? traceOrigin(o.db, projects, header) : { values: mergeIdentifyingValues([]), kept: [], projectIds: [] };
      const match = { identifiers: buildIdentifierSet(toIdentifierValues(origin.values)), ...listsFor(origin.projectIds), redactAllText: false };
      const v = await verifyImageFile(f.path, { pool, match, kept: origin.kept, signal: o.signal, sampleInterval: o.sampleInterval });
      counts[v.status]++;
      results.push({ path: f.path, status: v.status, ...(v.findings.length ? { findings: v.findings } : {}), ...(v.error ? { error: v.error } : {}), ...(origin.subject ? { subject: origin.subject } : {}) });
      o.onProgress?.({ phase: 'verify', done: counts.images, total: walked.length, startedAt, current: f.path });
    });
  } catch (e) {
    if (!o.signal?.aborted) throw e;
    interrupted = true;
  } finally {
    if (!o.pool) await pool.close();
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
    return { hasPixels: parsed.stoppedAtPixelData || parsed.dataset.some((e) => e.tag === TAG.PixelData || e.tag === TAG.FloatPixelData), patientId: text(TAG.PatientID), sopInstanceUid: text(TAG.SOPInstanceUID) };
  } catch {
    return undefined;
  } finally {
    src?.close();
  }
}

interface Origin {
  values: IdentifyingValues;
  kept: KeptBox[];
  /** The projects whose subjects the output belongs to. */
  projectIds: number[];
  subject?: string;
}

/**
 * The patient behind an output (by its subject id, in every project that has it) and, when the
 * remapped SOP Instance UID leads back to an input file, the boxes a reviewer rejected there.
 */
function traceOrigin(db: AppDatabase, projects: readonly Project[], header: OutputHeader): Origin {
  const subjects = findSubjectsById(db, header.patientId);
  const values: IdentifyingValues[] = [];
  let kept: KeptBox[] = [];
  for (const s of subjects) {
    const who = s.mrn ? { patientId: s.mrn, studyUid: null } : { patientId: null, studyUid: s.mrnKey.replace(/^study:/, '') };
    values.push(patientIdentifierValues(db, who));
    const project = projects.find((p) => p.id === s.projectId);
    if (!project || kept.length) continue;
    const remap = createUidRemapper(project.secret);
    const inputs = listPatientInstances(db, who);
    const input = inputs.find((i) => i.sop && (i.sop === header.sopInstanceUid || remap(i.sop) === header.sopInstanceUid));
    if (input) kept = listRects(db, input.id).filter((r) => r.status === 'rejected').map((r) => ({ frame: r.frame, x: r.x, y: r.y, w: r.w, h: r.h }));
  }
  return { values: mergeIdentifyingValues(values), kept, projectIds: subjects.map((s) => s.projectId), ...(subjects.length ? { subject: header.patientId } : {}) };
}
