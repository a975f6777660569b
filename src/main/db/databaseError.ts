import { CodedError } from '../../shared/codedError';

/** Machine codes of {@link DatabaseError}, shown by the UI and the CLI. */
type DatabaseErrorCode =
  /** The database file could not be opened or prepared. */
  | 'DB_OPEN'
  /** The file was written by a newer deid-studio (its schema version is beyond our migrations). */
  | 'DB_TOO_NEW'
  /** A read-only opener found a schema that still needs migrating. */
  | 'DB_NOT_MIGRATED'
  /** A migration failed; the database was left at the previous version. */
  | 'DB_MIGRATION'
  /** A project name, prefix, width or option list is not acceptable. */
  | 'PROJECT_INVALID'
  /** The project does not exist. */
  | 'PROJECT_NOT_FOUND'
  /** The change would re-key subjects that already exist. */
  | 'PROJECT_IN_USE'
  /** A subject key or MRN is empty. */
  | 'SUBJECT_INVALID'
  /** Fewer than 10% of the project's subject ids remain free. */
  | 'SUBJECT_SPACE_FULL'
  /** No box with that id. */
  | 'RECT_NOT_FOUND'
  /** OCR boxes cannot be moved or deleted (reject them instead). */
  | 'RECT_READ_ONLY';

/** A failure of the embedded database or of a repository rule, with the database file when known. */
export class DatabaseError extends CodedError<DatabaseErrorCode> {
  readonly file?: string;

  constructor(code: DatabaseErrorCode, message: string, options?: { file?: string; cause?: unknown }) {
    super(code, message, options);
    this.name = 'DatabaseError';
    if (options?.file !== undefined) this.file = options.file;
  }
}
