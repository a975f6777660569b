/**
 * Is an opened folder a de-identified tree? One answer for the scan job, the tree, the header
 * preview and the OCR and de-identify channels: a folder holding any file whose header says
 * PatientIdentityRemoved YES is opened read-only (its "MRNs" are subject ids: giving them subject
 * ids would add mapping rows that link one subject to another), and it says who wrote it: runs
 * of this database (its files' SOP Instance UIDs are recorded as outputs, migration 007), or
 * someone else.
 */
import type { AppDatabase } from '../../db/database';
import type { StoredFileRow } from '../../db/fileRow';
import { outputRunsBySop } from '../../db/outputsRepo';

/** What an opened folder is. */
export type OutputTreeStatus =
  | { readOnly: false }
  | {
      readOnly: true;
      /** DICOM files saying PatientIdentityRemoved YES. */
      identityRemoved: number;
      /** Of those, the files this database recorded as its outputs. */
      recorded: number;
      /** The runs that wrote the recorded files, ascending (a deleted run is left out). */
      runIds: number[];
    };

/** Reads PatientIdentityRemoved of a file; given so callers can cache it by path, size and mtime. */
export type IdentityRemovedReader = (row: StoredFileRow) => boolean;

/** Judges a folder's indexed rows; see the module comment. */
export function judgeOutputTree(db: AppDatabase, rows: readonly StoredFileRow[], identityRemoved: IdentityRemovedReader): OutputTreeStatus {
  const removed = rows.filter((r) => r.kind === 'dicom' && identityRemoved(r));
  if (removed.length === 0) return { readOnly: false };
  const uids = removed.flatMap((r) => (r.sopInstanceUid ? [r.sopInstanceUid] : []));
  const runs = outputRunsBySop(db, uids);
  const recorded = removed.filter((r) => r.sopInstanceUid !== null && runs.has(r.sopInstanceUid)).length;
  const runIds = [...new Set([...runs.values()].filter((id) => id !== null))].sort((a, b) => a - b);
  return { readOnly: true, identityRemoved: removed.length, recorded, runIds };
}

/** The words the UI shows for a read-only tree (the same wording everywhere). */
export function describeOutputTree(s: Extract<OutputTreeStatus, { readOnly: true }>): string {
  if (s.recorded === s.identityRemoved) {
    const runs = s.runIds.length === 0 ? 'a run since deleted' : `run${s.runIds.length > 1 ? 's' : ''} ${s.runIds.join(', ')}`;
    return `read-only: output of ${runs} (de-identified by this database)`;
  }
  if (s.recorded === 0) return 'read-only: de-identified data not written by this database (no subject ids are assigned to it)';
  return `read-only: de-identified data, ${s.identityRemoved - s.recorded} of ${s.identityRemoved} files not written by this database`;
}
