import { basename, relative } from 'node:path';
import type { z } from 'zod';
import type { StudyTreeSchema, TreeFilterSchema, TreeInstanceSchema, TreeSeriesSchema } from '../../shared/ipc/schemas/study';
import type { Project } from '../db/projectsRepo';
import { transferSyntaxName } from '../dicom/transferSyntax';
import { type IdRegistry, scopedKey } from './idRegistry';
import type { FolderImage, FolderSnapshot } from '../pipeline/review/imageStates';
import type { SubjectAssignment } from '../pipeline/scan/subjectAssignment';
import { subjectKeyOf } from '../pipeline/scan/subjectAssignment';
import type { ImageVerify, ReadOnlyView } from './readOnlyTree';

/** The tree as sent. */
type StudyTree = z.infer<typeof StudyTreeSchema>;
/** Tree filters. */
type TreeFilter = z.infer<typeof TreeFilterSchema>;
type TreeSeries = z.infer<typeof TreeSeriesSchema>;
type TreeInstance = z.infer<typeof TreeInstanceSchema>;

/** Inputs of {@link buildStudyTree}. */
export interface StudyTreeInput {
  folder: string;
  project: Project;
  snapshot: FolderSnapshot;
  assignment: SubjectAssignment;
  filter: TreeFilter;
  ids: IdRegistry;
  /** SeriesDescription of a file (not in the index; read from the file and cached). */
  seriesDescription(path: string, seriesUid: string): string | null;
  /** StudyDescription of a file (read from the file and cached, like the series'). */
  studyDescription(path: string, studyUid: string): string | null;
  runningJobId: string | null;
  /** Set for a de-identified tree opened read-only (no subject ids; the verify pass's word per image). */
  readOnly: ReadOnlyView | null;
  verify?: (path: string) => ImageVerify;
}

/** True when an image passes every filter that is on. */
function passesFilter(img: FolderImage, f: TreeFilter): boolean {
  if (f.unreviewedOnly && img.done) return false;
  if (f.hasProposals && img.boxes.proposed === 0) return false;
  if (f.withheld && img.withheldReason === null) return false;
  return true;
}

function numeric(a: string | null, b: string | null): number {
  const na = Number(a);
  const nb = Number(b);
  if (a !== null && b !== null && Number.isFinite(na) && Number.isFinite(nb) && na !== nb) return na - nb;
  return (a ?? '').localeCompare(b ?? '');
}

/** Groups a folder's DICOM files into patients → studies → series → instances. */
export function buildStudyTree(input: StudyTreeInput): StudyTree {
  const { folder, project, snapshot, assignment, filter, ids } = input;
  type SeriesAcc = { uid: string; images: FolderImage[] };
  type StudyAcc = { uid: string; series: Map<string, SeriesAcc>; studyDate: string | null };
  type PatientAcc = { key: string; mrn: string; name: string | null; studies: Map<string, StudyAcc> };
  const patients = new Map<string, PatientAcc>();
  let listed = 0;
  for (const img of snapshot.dicom) {
    const r = img.row;
    if (!r.studyUid || !r.seriesUid) continue;
    if (!passesFilter(img, filter)) continue;
    listed++;
    const key = subjectKeyOf(r, project);
    let p = patients.get(key);
    if (!p) {
      p = { key, mrn: (r.patientId ?? '').trim(), name: r.patientName, studies: new Map() };
      patients.set(key, p);
    }
    let s = p.studies.get(r.studyUid);
    if (!s) {
      s = { uid: r.studyUid, series: new Map(), studyDate: r.studyDate };
      p.studies.set(r.studyUid, s);
    }
    let se = s.series.get(r.seriesUid);
    if (!se) {
      se = { uid: r.seriesUid, images: [] };
      s.series.set(r.seriesUid, se);
    }
    se.images.push(img);
  }

  const toInstance = (img: FolderImage): TreeInstance => ({
    imageId: ids.image.idOf(img.row.id),
    fileName: relative(folder, img.row.path) || basename(img.row.path),
    transferSyntax: img.row.transferSyntax === null ? null : transferSyntaxName(img.row.transferSyntax),
    instanceNumber: img.row.instanceNumber,
    frames: img.frames,
    rows: img.row.rows,
    columns: img.row.columns,
    hasPixels: img.hasPixels,
    boxes: img.boxes,
    done: img.done,
    ocr: img.ocr,
    uncleaned: img.uncleaned,
    withheldReason: img.withheldReason,
    verdict: { action: img.verdict.action, reason: img.verdict.reason },
    ...(input.verify && img.hasPixels ? { verify: input.verify(img.row.path) } : {}),
  });
  const toSeries = (se: SeriesAcc): TreeSeries => {
    const images = [...se.images].sort((a, b) => numeric(a.row.instanceNumber, b.row.instanceNumber) || a.row.path.localeCompare(b.row.path));
    const first = images[0].row;
    const boxes = { proposed: 0, approved: 0, rejected: 0, unflagged: 0 };
    for (const i of images) for (const k of Object.keys(boxes) as (keyof typeof boxes)[]) boxes[k] += i.boxes[k];
    return {
      seriesId: ids.series.idOf(scopedKey(folder, se.uid)),
      modality: first.modality,
      seriesNumber: first.seriesNumber,
      description: input.seriesDescription(first.path, se.uid),
      manufacturer: first.manufacturer,
      model: first.manufacturerModel,
      counts: {
        instances: images.length,
        images: images.filter((i) => i.hasPixels).length,
        boxes,
        uncleaned: images.filter((i) => i.hasPixels && i.withheldReason !== null).length,
        done: images.filter((i) => i.done).length,
        withheld: images.filter((i) => i.withheldReason !== null).length,
      },
      instances: images.map(toInstance),
    };
  };

  const firstPath = (s: StudyAcc): string => [...s.series.values()][0].images[0].row.path;
  const out = [...patients.values()].map((p) => ({
    patientId: ids.patient.idOf(scopedKey(folder, p.key)),
    mrn: p.mrn,
    patientName: p.name,
    subjectId: assignment.subjectByKey.get(p.key) ?? null,
    studies: [...p.studies.values()]
      .map((s) => ({
        studyId: ids.study.idOf(scopedKey(folder, s.uid)),
        ctDate: assignment.ctDateByStudy.get(s.uid) ?? '',
        studyDate: s.studyDate,
        description: input.studyDescription(firstPath(s), s.uid),
        modalities: [...new Set([...s.series.values()].map((se) => se.images[0].row.modality).filter((m) => m !== null && m !== ''))].sort() as string[],
        series: [...s.series.values()].map(toSeries).sort((a, b) => numeric(a.seriesNumber, b.seriesNumber)),
      }))
      .sort((a, b) => a.ctDate.localeCompare(b.ctDate)),
  }));
  out.sort((a, b) => (a.subjectId ?? a.mrn).localeCompare(b.subjectId ?? b.mrn));
  return {
    folder: { folderId: ids.folder.idOf(folder), name: basename(folder), displayPath: folder },
    project: project.name,
    patients: out,
    totals: {
      files: snapshot.total,
      images: snapshot.dicom.filter((i) => i.hasPixels).length,
      notDicom: snapshot.notDicom,
      errors: snapshot.errors,
      listed,
    },
    runningJobId: input.runningJobId,
    ...(input.readOnly ? { readOnly: input.readOnly } : {}),
  };
}
