import type Database from 'better-sqlite3';
import { nameDatabaseFile } from './databaseError';

/**
 * An open deid-studio database. Repositories take this handle; prepared statements are cached
 * on it so a bulk write prepares each statement once. The app keeps one writable handle
 * (the single writer); other readers open their own read-only handle.
 */
export interface AppDatabase {
  /** The database file. */
  readonly file: string;
  readonly readonly: boolean;
  /** The underlying connection, for transactions and pragmas. */
  readonly sqlite: Database.Database;
  /** A prepared statement for `sql`, prepared once per handle. */
  statement(sql: string): Database.Statement;
  /**
   * Runs `fn` in an IMMEDIATE transaction (takes the write lock up front, so no upgrade deadlock).
   * An SQLite failure comes back as a `DB_IO` DatabaseError naming the file.
   */
  write<T>(fn: () => T): T;
  close(): void;
}

/** Wraps an open connection as an {@link AppDatabase}. */
export function wrapConnection(sqlite: Database.Database, file: string, readonly: boolean): AppDatabase {
  const cache = new Map<string, Database.Statement>();
  return {
    file,
    readonly,
    sqlite,
    statement(sql) {
      let stmt = cache.get(sql);
      if (stmt === undefined) {
        stmt = sqlite.prepare(sql);
        cache.set(sql, stmt);
      }
      return stmt;
    },
    write(fn) {
      // Nested calls join the outer transaction (better-sqlite3 turns them into savepoints).
      try {
        return sqlite.transaction(fn).immediate();
      } catch (e) {
        throw nameDatabaseFile(e, file);
      }
    },
    close() {
      cache.clear();
      if (sqlite.open) sqlite.close();
    },
  };
}
