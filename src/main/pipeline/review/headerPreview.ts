import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeidOptionCode } from '../../../shared/deidOptions';
import { FileSource } from '../../dicom/byteSource';
import { parseDicom } from '../../dicom/parseDicom';
import { deidentifyFile } from '../../deid/deidentifyFile';
import { type HeaderDiff, diffHeaders } from '../../dicom/headerDiff';

/** What the header preview needs to know about the file and its subject. */
interface HeaderPreviewInput {
  path: string;
  subjectId: string;
  ctDate: string;
  options: DeidOptionCode[];
  /** The project's keyed-hash secret. */
  secret: Buffer;
}

/** The diff plus the status the rewriter gave. */
interface HeaderPreviewResult extends HeaderDiff {
  patientName: string;
  status: 'written' | 'withheld' | 'failed';
  reason: string | null;
}

/**
 * Runs the real de-identification of one file into a private temporary folder (pixels allowed
 * through, since only the header is compared), parses input and output, and lists what changed.
 * The temporary output is removed before returning.
 */
export function previewHeader(input: HeaderPreviewInput): HeaderPreviewResult {
  const patientName = input.ctDate ? `${input.subjectId}_${input.ctDate}` : input.subjectId;
  const dir = mkdtempSync(join(tmpdir(), 'deid-studio-preview-'));
  const target = join(dir, `${randomBytes(6).toString('hex')}.dcm`);
  try {
    const result = deidentifyFile({
      path: input.path,
      target,
      subjectId: input.subjectId,
      patientName,
      options: input.options,
      secretHex: input.secret.toString('hex'),
      allowUncleaned: true,
      overwrite: true,
    });
    if (result.status !== 'written' && result.status !== 'unchanged') {
      return { changes: [], unchanged: 0, patientName, status: result.status === 'withheld' ? 'withheld' : 'failed', reason: result.reason ?? result.status };
    }
    const a = new FileSource(input.path);
    const b = new FileSource(target);
    try {
      return { ...diffHeaders(parseDicom(a), parseDicom(b)), patientName, status: 'written', reason: null };
    } finally {
      a.close();
      b.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
