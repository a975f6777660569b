import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { type AppDatabase, wrapConnection } from './database';
import { DatabaseError } from './databaseError';
import { LATEST_VERSION, migrate, schemaVersion } from './migrate';

/** How {@link openDatabase} opens the file. */
interface OpenDatabaseOptions {
  /** Open an existing, fully migrated file without writing to it. */
  readonly?: boolean;
}

/**
 * Opens (creating when needed) the database at `file` and brings its schema up to date.
 * The file holds MRNs (project secrets are in the key file beside it, `<file>.key`), so its folder is created 0700 and the file and its
 * WAL/SHM companions are kept 0600. Throws {@link DatabaseError}: `DB_OPEN` naming the file,
 * `DB_TOO_NEW`, `DB_NOT_MIGRATED` (read-only on an old schema) or `DB_MIGRATION`.
 */
export function openDatabase(file: string, opts: OpenDatabaseOptions = {}): AppDatabase {
  const absolute = path.resolve(file);
  const readonly = opts.readonly === true;
  let sqlite: Database.Database | undefined;
  try {
    if (!readonly) createPrivateFile(absolute);
    sqlite = new Database(absolute, { readonly, fileMustExist: readonly });
    sqlite.pragma('busy_timeout = 10000');
    sqlite.pragma('foreign_keys = ON');
    if (readonly) {
      checkReadonlyVersion(sqlite, absolute);
    } else {
      switchToWal(sqlite, absolute);
      sqlite.pragma('synchronous = NORMAL');
      // Pages freed by a migration that removed a secret are zeroed (secure_delete); the checkpoint
      // writes them over the main file and empties the WAL, so no copy of the secret remains.
      if (migrate(sqlite).includes(6)) sqlite.pragma('wal_checkpoint(TRUNCATE)');
      restrictCompanions(absolute);
    }
    return wrapConnection(sqlite, absolute, readonly);
  } catch (error) {
    sqlite?.close();
    if (error instanceof DatabaseError) throw error;
    throw new DatabaseError('DB_OPEN', `cannot open database ${absolute}: ${(error as Error).message}`, {
      file: absolute,
      cause: error,
    });
  }
}

/** How long two processes opening a brand-new database at once wait for each other's switch to WAL. */
const WAL_WAIT_MS = 15_000;

/**
 * Switches the file to WAL. The switch needs the file to itself and SQLite's busy timeout does not
 * cover it: two runs opening a brand-new database at once used to fail "database is locked". It is
 * retried until the other opener is done, and a lock still held after that names the file.
 */
function switchToWal(sqlite: Database.Database, file: string): void {
  const until = Date.now() + WAL_WAIT_MS;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      const mode = sqlite.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new Error(`journal_mode is ${String(mode)}, not wal`);
      return;
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code !== 'SQLITE_BUSY' && code !== 'SQLITE_LOCKED') throw e;
      if (Date.now() > until) {
        throw new DatabaseError('DB_OPEN', `cannot open database ${file}: another process (a deid-studio run, the app or a backup) holds it locked; wait for it to finish or close it`, { file, cause: e });
      }
      Atomics.wait(pause, 0, 0, 25 + Math.floor(Math.random() * 50));
    }
  }
}

/**
 * Creates the folder (0700) and an empty file (0600) before SQLite sees it: SQLite gives the
 * -wal and -shm files it creates later the mode of the database file.
 */
function createPrivateFile(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  fs.chmodSync(file, 0o600);
}

/** Tightens companions left by an earlier process that ran with a looser umask. */
function restrictCompanions(file: string): void {
  for (const suffix of ['-wal', '-shm']) {
    try {
      fs.chmodSync(file + suffix, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

function checkReadonlyVersion(sqlite: Database.Database, file: string): void {
  const version = schemaVersion(sqlite);
  if (version > LATEST_VERSION) {
    throw new DatabaseError('DB_TOO_NEW', `${file}: schema version ${version} is newer than this program knows`, {
      file,
    });
  }
  if (version < LATEST_VERSION) {
    throw new DatabaseError(
      'DB_NOT_MIGRATED',
      `${file}: schema version ${version} needs migrating to ${LATEST_VERSION}; open it writable first`,
      { file },
    );
  }
}
