import type Database from 'better-sqlite3';
import { DatabaseError } from './databaseError';
import { migration001Initial } from './migrations/001-initial';
import { migration002Review } from './migrations/002-review';
import { migration003Pixels } from './migrations/003-pixels';
import { migration004Headers } from './migrations/004-headers';
import { migration005PixelTerms } from './migrations/005-pixelTerms';
import { migration006KeyFile } from './migrations/006-keyFile';
import { migration007Outputs } from './migrations/007-outputs';
import type { Migration } from './migrations/migration';

export type { Migration } from './migrations/migration';

/** Every migration in the order applied; append new ones at the end. */
export const MIGRATIONS: readonly Migration[] = [migration001Initial, migration002Review, migration003Pixels, migration004Headers, migration005PixelTerms, migration006KeyFile, migration007Outputs];

/** The schema version a fully migrated database has. */
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/** Reads `PRAGMA user_version`, the number of the last migration applied. */
export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies, in order, each migration above the database's version and at most `target`, each in
 * its own IMMEDIATE transaction (so two processes opening one file at once do not both migrate).
 * Returns the versions applied. Throws `DB_TOO_NEW` when the file is beyond our migrations and
 * `DB_MIGRATION` when a step fails (earlier steps stay applied).
 */
export function migrate(
  db: Database.Database,
  target: number = LATEST_VERSION,
  migrations: readonly Migration[] = MIGRATIONS,
): number[] {
  checkOrder(migrations);
  const latest = migrations.length === 0 ? 0 : migrations[migrations.length - 1].version;
  const current = schemaVersion(db);
  if (current > latest) {
    throw new DatabaseError(
      'DB_TOO_NEW',
      `${db.name}: schema version ${current} is newer than this program knows (${latest}); use a newer deid-studio`,
      { file: db.name },
    );
  }
  const applied: number[] = [];
  for (const m of migrations) {
    if (m.version <= current || m.version > target) continue;
    const step = db.transaction(() => {
      if (schemaVersion(db) >= m.version) return false;
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
      return true;
    });
    try {
      if (step.immediate()) applied.push(m.version);
    } catch (error) {
      throw new DatabaseError(
        'DB_MIGRATION',
        `${db.name}: migration ${m.version} (${m.name}) failed: ${(error as Error).message}`,
        { file: db.name, cause: error },
      );
    }
  }
  return applied;
}

function checkOrder(migrations: readonly Migration[]): void {
  let previous = 0;
  for (const m of migrations) {
    if (!Number.isSafeInteger(m.version) || m.version <= previous) {
      throw new Error(`migration ${m.name}: version ${m.version} must be an integer above ${previous}`);
    }
    previous = m.version;
  }
}
