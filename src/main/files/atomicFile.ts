import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export { CsvError, parseCsv, parseCsvRecords, toCsv, unguardCsvField } from '../../shared/csv';

/**
 * Writes `data` to `file` so that readers see either the old or the new content, never a torn
 * file: a temporary file in the same folder is written, fsynced, then renamed over `file`.
 * `mode` defaults to 0600 because what we write (mapping CSVs) links subjects to MRNs.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array, mode = 0o600): void {
  const dir = path.dirname(path.resolve(file));
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = fs.openSync(tmp, 'wx', mode);
  try {
    try {
      // The umask may have narrowed the mode; the caller asked for exactly this one.
      fs.fchmodSync(fd, mode);
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
  syncDirectory(dir);
}

/** Makes the rename durable; Windows cannot open a folder for fsync, where rename is durable enough. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Best effort: the file content itself is already on disk.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
