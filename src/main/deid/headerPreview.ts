import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeidOptionCode } from '../../shared/deidOptions';
import { FileSource } from '../dicom/byteSource';
import { type HeaderDiff, diffHeaders } from '../dicom/headerDiff';
import { parseDicom } from '../dicom/parseDicom';
import { deidentifyTask, type TaskPatientValues } from './deidentifyFile';
import { honestPatientName, writtenCtDate } from './writtenDate';
import type { PixelPlan } from './pixelPlan';

/** What the header preview needs to know about the file and its subject. */
export interface HeaderPreviewInput {
  path: string;
  subjectId: string;
  ctDate: string;
  options: DeidOptionCode[];
  /** The project's keyed-hash secret. */
  secret: Buffer;
  /** What the rect database holds for the image (as the run's task would carry it). */
  plan?: PixelPlan;
  /** The session can burn and verify pixels (as the run would). */
  pixelCleaning: boolean;
  /** The subject's date offset (113107), as the run's task carries it. */
  dateOffsetDays?: number;
  /** The patient's identifying values for the PHI matcher, as the run's task carries them. */
  patientValues?: TaskPatientValues;
}

/** The diff plus the status the writer gave. */
export interface HeaderPreviewResult extends HeaderDiff {
  patientName: string;
  status: 'written' | 'withheld' | 'failed';
  reason: string | null;
}

/**
 * Runs the real writer on one file, with the task the run would give it, into a private temporary
 * folder, parses input and output and lists what changed; so the preview shows the header the run
 * writes (DeidentificationMethod, BurnedInAnnotation, re-encoded pixel attributes included). An image
 * the run would withhold is written anyway here (as `--allow-uncleaned`) to show its header; the
 * status says withheld. The temporary output is removed before returning.
 */
export async function previewHeader(input: HeaderPreviewInput): Promise<HeaderPreviewResult> {
  const patientName = honestPatientName(input.subjectId, writtenCtDate(input.ctDate, input.options, input.dateOffsetDays));
  const dir = mkdtempSync(join(tmpdir(), 'deid-studio-preview-'));
  const target = join(dir, `${randomBytes(6).toString('hex')}.dcm`);
  try {
    const task = {
      path: input.path,
      target,
      subjectId: input.subjectId,
      patientName,
      options: input.options,
      secretHex: input.secret.toString('hex'),
      overwrite: true,
      pixelCleaning: input.pixelCleaning,
      ...(input.plan ? { pixels: input.plan } : {}),
      ...(input.dateOffsetDays !== undefined ? { dateOffsetDays: input.dateOffsetDays } : {}),
      ...(input.patientValues ? { patientValues: input.patientValues } : {}),
    };
    const strict = await deidentifyTask({ ...task, allowUncleaned: false });
    const result = strict.status === 'withheld' ? await deidentifyTask({ ...task, allowUncleaned: true }) : strict;
    if (result.status !== 'written' && result.status !== 'unchanged') {
      return { changes: [], unchanged: 0, patientName, status: result.status === 'withheld' ? 'withheld' : 'failed', reason: result.reason ?? result.status };
    }
    const a = new FileSource(input.path);
    const b = new FileSource(target);
    try {
      const status = strict.status === 'withheld' ? 'withheld' : 'written';
      return { ...diffHeaders(parseDicom(a), parseDicom(b)), patientName, status, reason: strict.status === 'withheld' ? (strict.reason ?? null) : null };
    } finally {
      a.close();
      b.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
