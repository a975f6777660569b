import type { StoredFileRow } from '../../db/fileRow';
import type { AppDatabase } from '../../db/database';
import type { Project } from '../../db/projectsRepo';
import { freezeStudyDates } from '../../db/studiesRepo';
import { assignSubjects } from '../../db/subjectsRepo';
import { chooseCtDate } from '../../deid/studyDates';

/** Subject ids by MRN key and frozen CT dates by StudyInstanceUID. */
export interface SubjectAssignment {
  subjectByKey: Map<string, string>;
  ctDateByStudy: Map<string, string>;
}

/**
 * The subject key of an indexed file, as the de-identify run computes it: the trimmed PatientID
 * (with the issuer when the project says so), or `study:<uid>` when PatientID is empty.
 */
export function subjectKeyOf(row: Pick<StoredFileRow, 'patientId' | 'issuerOfPatientId' | 'studyUid'>, project: Pick<Project, 'issuerInKey'>): string {
  const pid = (row.patientId ?? '').trim();
  if (!pid) return `study:${row.studyUid}`;
  return project.issuerInKey && row.issuerOfPatientId ? `${row.issuerOfPatientId.trim()}|${pid}` : pid;
}

/**
 * Gives every patient of `rows` its subject id in `project` and freezes each study's CT date,
 * exactly as `deidentify` would on the same files (same key, same date rule, same tables), so the
 * tree and the header preview show the values the run will write. Idempotent.
 */
export function assignFolderSubjects(db: AppDatabase, project: Project, rows: readonly StoredFileRow[]): SubjectAssignment {
  const usable = rows.filter((r) => r.kind === 'dicom' && r.studyUid && r.seriesUid && r.sopInstanceUid);
  const entries = new Map<string, string>();
  for (const r of usable) entries.set(subjectKeyOf(r, project), (r.patientId ?? '').trim());
  const subjectByKey = entries.size ? assignSubjects(db, project, [...entries].map(([mrnKey, mrn]) => ({ mrnKey, mrn }))) : new Map<string, string>();
  const byStudy = new Map<string, StoredFileRow[]>();
  for (const r of usable) {
    const list = byStudy.get(r.studyUid as string);
    if (list) list.push(r);
    else byStudy.set(r.studyUid as string, [r]);
  }
  const frozen = byStudy.size
    ? freezeStudyDates(
        db,
        project,
        [...byStudy].map(([studyUid, files]) => {
          const d = chooseCtDate(files);
          return { studyUid, subjectId: subjectByKey.get(subjectKeyOf(files[0], project)) as string, ctDate: d.ctDate, source: d.source === 'none' ? null : d.source };
        }),
      )
    : new Map();
  const ctDateByStudy = new Map<string, string>();
  for (const [uid, d] of frozen) ctDateByStudy.set(uid, d.ctDate);
  return { subjectByKey, ctDateByStudy };
}
