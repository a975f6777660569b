import type { StoredFileRow } from '../../db/fileRow';
import type { AppDatabase } from '../../db/database';
import type { Project } from '../../db/projectsRepo';
import { freezeStudyDates, linkStudySubjects, refreezeStudyDates, type StudyDateEntry } from '../../db/studiesRepo';
import { assignSubjects } from '../../db/subjectsRepo';
import { chooseCtDate } from '../../deid/studyDates';

/**
 * What to do with a study whose files carry two or more patients (two PatientIDs, or one MRN from
 * two issuers; a VNA merge): `fail` writes none of it (the run exits 2), `split` writes each file
 * under its own subject and gives every one of them mapping rows, `first` writes every file under
 * the subject the study was first recorded with (else that of its first file by path).
 */
export type IdentityPolicy = 'fail' | 'split' | 'first';

/** A study with more than one patient key. */
interface IdentityConflict {
  studyUid: string;
  /** The MRNs (PatientID, with the issuer when it is part of the key) found, sorted. */
  patientKeys: string[];
  files: string[];
}

/** A study recorded with a CT date later than one its files now show. */
interface DateConflict {
  studyUid: string;
  frozen: string;
  found: string;
  /** Files dated earlier than the frozen CT date. */
  files: string[];
  /** True when `--refreeze-dates` recorded the earlier date. */
  refrozen: boolean;
}

/** Subject ids by MRN key and frozen CT dates by StudyInstanceUID, and what did not add up. */
export interface SubjectAssignment {
  subjectByKey: Map<string, string>;
  ctDateByStudy: Map<string, string>;
  /** The subject a file is written under; undefined when its study is not written (identity conflict, `fail`). */
  subjectOfFile(row: Pick<StoredFileRow, 'patientId' | 'issuerOfPatientId' | 'studyUid'>): string | undefined;
  identityConflicts: IdentityConflict[];
  dateConflicts: DateConflict[];
}

/** How the run resolves what does not add up; the app's tree and preview use the defaults. */
interface AssignmentPolicy {
  /** Default `fail`. */
  identity?: IdentityPolicy;
  /** Record an earlier CT date found for a study already recorded (`--refreeze-dates`). */
  refreezeDates?: boolean;
}

/**
 * The subject key of an indexed file, as the de-identify run computes it: the trimmed PatientID
 * (with the issuer when the project says so), or `study:<uid>` when PatientID is empty.
 */
export function subjectKeyOf(row: Pick<StoredFileRow, 'patientId' | 'issuerOfPatientId' | 'studyUid'>, project: Pick<Project, 'issuerInKey'>): string {
  const pid = (row.patientId ?? '').trim();
  if (!pid) return `study:${row.studyUid}`;
  return project.issuerInKey && row.issuerOfPatientId?.trim() ? `${row.issuerOfPatientId.trim()}|${pid}` : pid;
}

/**
 * Gives every patient of `rows` its subject id in `project` and freezes each study's CT date,
 * exactly as `deidentify` would on the same files (same key, same date rule, same tables), so the
 * tree and the header preview show the values the run will write. CT_date is the earliest over
 * every file of the study in `rows`, whatever order they were scanned in; a study recorded
 * earlier keeps its date unless `refreezeDates`, and an earlier date found now is a conflict.
 * Idempotent.
 */
export function assignFolderSubjects(db: AppDatabase, project: Project, rows: readonly StoredFileRow[], policy: AssignmentPolicy = {}): SubjectAssignment {
  const identity = policy.identity ?? 'fail';
  const usable = rows.filter((r) => r.kind === 'dicom' && r.studyUid && r.seriesUid && r.sopInstanceUid);
  const keyOf = (r: Pick<StoredFileRow, 'patientId' | 'issuerOfPatientId' | 'studyUid'>): string => subjectKeyOf(r, project);
  const entries = new Map<string, string>();
  for (const r of usable) entries.set(keyOf(r), (r.patientId ?? '').trim());
  // An MRN imported without its issuer binds to the one issuer its files show (see assignSubjects).
  const subjectByKey = entries.size ? assignSubjects(db, project, [...entries].map(([mrnKey, mrn]) => ({ mrnKey, mrn, bareKey: mrn || mrnKey }))) : new Map<string, string>();

  const byStudy = new Map<string, StoredFileRow[]>();
  for (const r of [...usable].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const list = byStudy.get(r.studyUid as string);
    if (list) list.push(r);
    else byStudy.set(r.studyUid as string, [r]);
  }
  const identityConflicts: IdentityConflict[] = [];
  const proposed: StudyDateEntry[] = [];
  const blocked = new Set<string>();
  for (const [studyUid, files] of byStudy) {
    const keys = [...new Set(files.map(keyOf))];
    if (keys.length > 1) {
      identityConflicts.push({ studyUid, patientKeys: [...keys].sort(), files: files.map((f) => f.path) });
      if (identity === 'fail') {
        blocked.add(studyUid);
        continue;
      }
    }
    const d = chooseCtDate(files);
    proposed.push({ studyUid, subjectId: subjectByKey.get(keyOf(files[0])) as string, ctDate: d.ctDate, source: d.source === 'none' ? null : d.source });
  }
  const frozen = proposed.length ? freezeStudyDates(db, project, proposed) : new Map<string, { subjectId: string; ctDate: string }>();

  const dateConflicts: DateConflict[] = [];
  const refreeze: StudyDateEntry[] = [];
  for (const p of proposed) {
    const f = frozen.get(p.studyUid);
    if (!f || !p.ctDate || (f.ctDate !== '' && p.ctDate >= f.ctDate)) continue;
    const earlier = (byStudy.get(p.studyUid) ?? []).filter((file) => {
      const own = chooseCtDate([file]).ctDate;
      return own !== '' && (f.ctDate === '' || own < f.ctDate);
    });
    dateConflicts.push({ studyUid: p.studyUid, frozen: f.ctDate, found: p.ctDate, files: earlier.map((e) => e.path), refrozen: policy.refreezeDates === true });
    if (policy.refreezeDates) refreeze.push({ ...p, subjectId: f.subjectId });
  }
  if (refreeze.length) refreezeStudyDates(db, project, refreeze);

  const ctDateByStudy = new Map<string, string>();
  for (const [uid, d] of frozen) ctDateByStudy.set(uid, d.ctDate);
  for (const r of refreeze) ctDateByStudy.set(r.studyUid, r.ctDate);

  const subjectOfFile = (row: Pick<StoredFileRow, 'patientId' | 'issuerOfPatientId' | 'studyUid'>): string | undefined => {
    const study = row.studyUid ?? '';
    if (blocked.has(study)) return undefined;
    if (identity === 'first' && identityConflicts.some((c) => c.studyUid === study)) return frozen.get(study)?.subjectId;
    return subjectByKey.get(keyOf(row));
  };
  // Every subject a study's files are written under has its mapping rows: the keys split between
  // (split), and a study recorded earlier under another subject whose files now carry a new one.
  const pairs = new Map<string, { studyUid: string; subjectId: string }>();
  for (const r of usable) {
    const subjectId = subjectOfFile(r);
    if (subjectId && frozen.get(r.studyUid as string)?.subjectId !== subjectId) pairs.set(`${r.studyUid}|${subjectId}`, { studyUid: r.studyUid as string, subjectId });
  }
  if (pairs.size) linkStudySubjects(db, project, [...pairs.values()]);
  return { subjectByKey, ctDateByStudy, subjectOfFile, identityConflicts, dateConflicts };
}

/** The assignment of a folder that gets none (a de-identified tree opened read-only). */
export const NO_ASSIGNMENT: SubjectAssignment = {
  subjectByKey: new Map(),
  ctDateByStudy: new Map(),
  subjectOfFile: () => undefined,
  identityConflicts: [],
  dateConflicts: [],
};
