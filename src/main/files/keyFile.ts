import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import { CodedError } from '../../shared/codedError';
import { writeFileAtomic } from './atomicFile';

/**
 * The key file: each project's keyed-hash secret, kept beside the database (`<db>.key`, mode 0600)
 * rather than in it, so a copy of the database alone cannot re-derive the UIDs it wrote. The
 * database keeps only a keyed fingerprint of each secret, to tell a wrong key file from the right one.
 */

/** Why a key file could not be used: unreadable (`KEY_MISSING`) or not a key file (`KEY_MISMATCH`). */
class KeyFileError extends CodedError<'KEY_MISSING' | 'KEY_MISMATCH'> {
  readonly file: string;

  constructor(code: 'KEY_MISSING' | 'KEY_MISMATCH', message: string, options: { file: string; cause?: unknown }) {
    super(code, message, options);
    this.name = 'KeyFileError';
    this.file = options.file;
  }
}

/** The first field of every key file, and its format version. */
const FORMAT = 'deid-studio key file 1';

/** The project secrets a key file holds, by project name. */
type ProjectKeys = Map<string, Buffer>;

/** Where the key file of the database `dbFile` lives. */
export function keyFileOf(dbFile: string): string {
  return `${dbFile}.key`;
}

/** A keyed fingerprint of `secret` (HMAC-SHA256 keyed by the secret itself): tells keys apart, reveals none. */
export function keyFingerprint(secret: Uint8Array): Buffer {
  return createHmac('sha256', secret).update('deid-studio key fingerprint 1').digest();
}

/**
 * Reads the key file; undefined when there is none. Throws `KEY_MISMATCH` naming the file when it
 * is not a deid-studio key file.
 */
export function readKeyFile(file: string): ProjectKeys | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new KeyFileError('KEY_MISSING', `cannot read the key file ${file}: ${(e as Error).message}`, { file, cause: e });
  }
  const keys: ProjectKeys = new Map();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const projects = isKeyFile(parsed) ? parsed.projects : undefined;
  if (!projects) throw new KeyFileError('KEY_MISMATCH', `${file} is not a deid-studio key file; restore the key file backed up with this database`, { file });
  for (const [name, hex] of Object.entries(projects)) {
    if (typeof hex !== 'string' || !/^[0-9a-f]{64}$/.test(hex)) {
      throw new KeyFileError('KEY_MISMATCH', `${file}: the key of project "${name}" is not 32 bytes of hex; restore the key file backed up with this database`, { file });
    }
    keys.set(name, Buffer.from(hex, 'hex'));
  }
  return keys;
}

/** Writes `keys` to `file` atomically, mode 0600 (a reader sees the old file or the new one, never half). */
export function writeKeyFile(file: string, keys: ProjectKeys): void {
  const projects = Object.fromEntries([...keys].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, secret]) => [name, secret.toString('hex')]));
  writeFileAtomic(file, `${JSON.stringify({ format: FORMAT, projects }, null, 2)}\n`, 0o600);
}

function isKeyFile(v: unknown): v is { format: string; projects: Record<string, unknown> } {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as { format?: unknown; projects?: unknown };
  return o.format === FORMAT && typeof o.projects === 'object' && o.projects !== null && !Array.isArray(o.projects);
}
