import { CodedError } from '../../shared/codedError';

/** Machine codes of {@link DatabaseError}, shown by the UI and the CLI. */
type DatabaseErrorCode =
  /** The database file could not be opened or prepared. */
  | 'DB_OPEN'
  /** SQLite failed a read or write on an open database ("database or disk is full", "database is locked"). */
  | 'DB_IO'
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
  | 'RECT_READ_ONLY'
  /** The key file beside the database, or a project's key in it, is missing (restore it from backup). */
  | 'KEY_MISSING'
  /** The key file holds a key other than the one the database recorded (or is not a key file). */
  | 'KEY_MISMATCH';

/** A failure of the embedded database or of a repository rule, with the database file when known. */
export class DatabaseError extends CodedError<DatabaseErrorCode> {
  readonly file?: string;

  constructor(code: DatabaseErrorCode, message: string, options?: { file?: string; cause?: unknown }) {
    super(code, message, options);
    this.name = 'DatabaseError';
    if (options?.file !== undefined) this.file = options.file;
  }
}

/**
 * `e` as a {@link DatabaseError} naming `file` when it is an SQLite error (its messages, such as
 * "database or disk is full", never say which file); anything else is returned as it is.
 */
export function nameDatabaseFile(e: unknown, file: string): unknown {
  const code = (e as { code?: unknown } | null)?.code;
  if (e instanceof DatabaseError || typeof code !== 'string' || !code.startsWith('SQLITE_')) return e;
  return new DatabaseError('DB_IO', `database ${file}: ${(e as Error).message}`, { file, cause: e });
}
