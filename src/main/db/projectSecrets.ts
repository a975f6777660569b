import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AppDatabase } from './database';
import { DatabaseError } from './databaseError';
import { keyFileOf, keyFingerprint, readKeyFile, writeKeyFile } from '../files/keyFile';

/** The columns of a project this module needs. */
interface ProjectRef {
  id: number;
  name: string;
}

/**
 * The keyed-hash secret of `project`, from the key file beside the database. Throws `KEY_MISSING`
 * when the key file, or the project's key in it, is missing (with how to restore it: a new key
 * is never made for a project that already has one), and `KEY_MISMATCH` when the key there is not
 * the one the database recorded the fingerprint of.
 */
export function projectSecret(db: AppDatabase, project: ProjectRef): Buffer {
  const file = keyFileOf(db.file);
  const keys = readKeyFile(file);
  const secret = keys?.get(project.name);
  if (!secret) {
    const what = keys ? `the key file ${file} has no key for project "${project.name}"` : `the key file ${file} is missing`;
    throw new DatabaseError('KEY_MISSING', `${what}: ${restoreAdvice(file, db.file)}`, { file });
  }
  const recorded = db.statement('SELECT key_fingerprint FROM projects WHERE id = ?').pluck().get(project.id) as Buffer | null | undefined;
  if (!recorded || recorded.length !== 32 || !timingSafeEqual(recorded, keyFingerprint(secret))) {
    throw new DatabaseError(
      'KEY_MISMATCH',
      `the key of project "${project.name}" in ${file} is not the key database ${db.file} was written with (a key file of another database, or an older backup?); restore the key file backed up with this database`,
      { file },
    );
  }
  return secret;
}

/**
 * The secret a project called `name` is created with, recorded in the key file (call it inside the
 * write transaction that inserts the project, so two processes never rewrite the key file at once).
 * The key file is made when the database has no project yet; when projects exist and it is gone,
 * `KEY_MISSING` (a fresh key file would hide the loss). A key the file already holds for `name`
 * (kept from an earlier database) is reused. Returns the secret and its fingerprint.
 */
export function mintProjectSecret(db: AppDatabase, name: string): { secret: Buffer; fingerprint: Buffer } {
  const file = keyFileOf(db.file);
  let keys = readKeyFile(file);
  if (!keys) {
    const others = db.statement('SELECT count(*) FROM projects').pluck().get() as number;
    if (others > 0) throw new DatabaseError('KEY_MISSING', `the key file ${file} is missing: ${restoreAdvice(file, db.file)}`, { file });
    keys = new Map();
  }
  let secret = keys.get(name);
  if (!secret) {
    secret = randomBytes(32);
    keys.set(name, secret);
    writeKeyFile(file, keys);
  }
  return { secret, fingerprint: keyFingerprint(secret) };
}

/**
 * Gives `project` a chosen secret (reproducible fixtures pin one), in the key file and as the
 * database's fingerprint. Outputs written with the old secret no longer match: never for real data.
 */
export function pinProjectSecret(db: AppDatabase, project: ProjectRef, secret: Buffer): void {
  if (secret.length !== 32) throw new DatabaseError('PROJECT_INVALID', 'a project secret is 32 bytes');
  db.write(() => {
    const file = keyFileOf(db.file);
    const keys = readKeyFile(file) ?? new Map<string, Buffer>();
    keys.set(project.name, secret);
    writeKeyFile(file, keys);
    db.statement('UPDATE projects SET key_fingerprint = ? WHERE id = ?').run(keyFingerprint(secret), project.id);
  });
}

/** The words every KEY_MISSING message ends with: what the key is and how to get it back. */
function restoreAdvice(keyFile: string, dbFile: string): string {
  return (
    `the key file holds the project secrets the UIDs of every output were derived with, and is backed up with the database. ` +
    `Restore it from that backup: copy it back as ${keyFile} (beside ${dbFile}, mode 0600). ` +
    `A new key would give the same studies new UIDs, so none is made`
  );
}
