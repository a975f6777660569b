import { keyFileOf, keyFingerprint, readKeyFile, writeKeyFile } from '../../files/keyFile';
import type { Migration } from './migration';

/**
 * Project secrets leave the database for the key file beside it (`<db>.key`, mode 0600): each
 * project's secret is written there (a key file already present keeps its other keys; the
 * database's secret wins for its own projects, since it wrote the outputs), the database keeps a
 * keyed fingerprint of it (`key_fingerprint`), and the `secret` column is dropped with secure
 * delete on, so the freed pages are zeroed (the opener checkpoints the WAL afterwards).
 */
export const migration006KeyFile: Migration = {
  version: 6,
  name: 'keyFile',
  up(db) {
    const rows = db.prepare('SELECT name, secret FROM projects ORDER BY id').all() as { name: string; secret: Buffer }[];
    if (rows.length) {
      if (!db.name || db.name === ':memory:') throw new Error('an in-memory database has no place for its key file');
      const file = keyFileOf(db.name);
      const keys = readKeyFile(file) ?? new Map<string, Buffer>();
      for (const r of rows) keys.set(r.name, Buffer.from(r.secret));
      writeKeyFile(file, keys);
    }
    db.pragma('secure_delete = ON');
    db.exec('ALTER TABLE projects ADD COLUMN key_fingerprint BLOB CHECK (key_fingerprint IS NULL OR length(key_fingerprint) = 32)');
    const record = db.prepare('UPDATE projects SET key_fingerprint = ? WHERE name = ?');
    for (const r of rows) record.run(keyFingerprint(r.secret), r.name);
    db.exec('ALTER TABLE projects DROP COLUMN secret');
  },
};
