import { resolve } from 'node:path';
import type { AppDatabase } from '../db/database';
import { defaultDbPath } from '../db/dbPath';
import { openDatabase } from '../db/openDatabase';

/** The `--db` option's help line. */
export const DB_OPTION = `  --db F             database file (default: $DEID_STUDIO_DB, else ${defaultDbPath()})`;

/** Opens the database of `--db` (or the default one). */
export function openDb(path: string | undefined): AppDatabase {
  return openDatabase(resolve(path ?? defaultDbPath()));
}

/** Runs `fn` with the database open, and closes it. */
export async function withDb<T>(path: string | undefined, fn: (db: AppDatabase) => T | Promise<T>): Promise<T> {
  const db = openDb(path);
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}
