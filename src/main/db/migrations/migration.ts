import type Database from 'better-sqlite3';

/**
 * One schema step. `up` runs inside a transaction that also records `version` in
 * `PRAGMA user_version`, so a failing step leaves the database at the previous version.
 * Steps are append-only: a released migration is never edited, a fix is a new migration.
 */
export interface Migration {
  /** Strictly increasing, starting at 1; the value stored in `user_version` once applied. */
  version: number;
  name: string;
  up(db: Database.Database): void;
}
