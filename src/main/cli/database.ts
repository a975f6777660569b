import { resolve } from 'node:path';
import type { AppDatabase } from '../db/database';
import { defaultDbPath } from '../db/dbPath';
import { nameDatabaseFile } from '../db/databaseError';
import { openDatabase } from '../db/openDatabase';

/** The `--db` option's help line. */
export const DB_OPTION = `  --db F             database file (default: $DEID_STUDIO_DB, else ${defaultDbPath()})`;

/** Opens the database of `--db` (or the default one). */
export function openDb(path: string | undefined): AppDatabase {
  return openDatabase(resolve(path ?? defaultDbPath()));
}

/**
 * Runs `fn` with the database open, and closes it. An SQLite error ("database or disk is full",
 * "database is locked") comes back naming the database file.
 */
export async function withDb<T>(path: string | undefined, fn: (db: AppDatabase) => T | Promise<T>): Promise<T> {
  const db = openDb(path);
  try {
    return await fn(db);
  } catch (e) {
    throw nameDatabaseFile(e, db.file);
  } finally {
    db.close();
  }
}
