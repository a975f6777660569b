import { CodedError } from '../../shared/codedError';
import type { SubjectCsvErrorCode } from '../pipeline/export/mappingCsv';

/**
 * Why a channel refused a request: the contract's common codes, the handlers' own, and the codes
 * of the results they pass on (a refused subject import).
 */
type ServiceErrorCode =
  /** The codes any channel may answer (src/shared/ipc/README.md lists them). */
  | 'INVALID_REQUEST'
  | 'FORBIDDEN_SENDER'
  | 'NOT_FOUND'
  | 'DIALOG_UNAVAILABLE'
  | 'NO_FOLDER'
  | 'JOB_RUNNING'
  | 'UNAVAILABLE'
  | 'INTERNAL'
  /** A decision asked for before the reviewer named themselves (the audit records who decided). */
  | 'NO_REVIEWER'
  /** A box drawn outside the image. */
  | 'BOX_OUTSIDE'
  /** An export asked to be written inside a de-identified output folder. */
  | 'EXPORT_INSIDE_OUTPUT'
  /** Output, study and database folders that would nest. */
  | 'OUT_INSIDE_INPUT'
  | 'INPUT_INSIDE_OUT'
  | 'REPORT_INSIDE_OUT'
  /** The file has no image, or not that frame. */
  | 'NOT_AN_IMAGE'
  | 'NO_SUCH_FRAME'
  /** A study holding files of two patients: the run writes none of it. */
  | 'IDENTITY_CONFLICT'
  /** The project asks for an option this build does not implement. */
  | 'OPTION_NOT_IMPLEMENTED'
  /** Options that cannot be combined (113106 with 113107). */
  | 'OPTION_CONFLICT'
  | 'PROJECT_EXISTS'
  | 'PROJECT_NOT_FOUND'
  /** A file that cannot be read as what it should be. */
  | 'UNREADABLE'
  /** A de-identified tree opened for checking: no subject ids, proposals or boxes. */
  | 'READ_ONLY_TREE'
  /** The verdict writes no pixels for this image (withheld, still to be read, no Pixel Data). */
  | 'NOT_WRITTEN'
  | SubjectCsvErrorCode
  | 'SUBJECT_IMPORT_CONFLICT';

/** A failure a channel reports as `{ ok: false, error: { code, message } }`. */
export class ServiceError extends CodedError<ServiceErrorCode> {
  constructor(code: ServiceErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'ServiceError';
  }
}

/** `NOT_FOUND` for an id the main process never handed out. */
export function notFound(what: string): ServiceError {
  return new ServiceError('NOT_FOUND', `unknown ${what}; refresh and try again`);
}
