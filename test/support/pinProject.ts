import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { listFilesUnder } from '../../src/main/db/filesRepo';
import { openDatabase } from '../../src/main/db/openDatabase';
import { getOrCreateProject } from '../../src/main/db/projectsRepo';
import { pinProjectSecret } from '../../src/main/db/projectSecrets';
import { importSubjects } from '../../src/main/db/subjectsRepo';
import { subjectKeyOf } from '../../src/main/pipeline/scan/subjectAssignment';
import { runCli } from './runCli';

/** The secret every pinned project gets (32 bytes, as the key file holds them). */
const PINNED_SECRET = Buffer.alloc(32, 0x5a);

/**
 * Makes the `default` project of the database at `db` reproducible for `input`: scans the folder,
 * sets a fixed secret and pre-assigns subject ids `SUBJ-00001`, `SUBJ-00002`, … in the order of
 * the patients' subject keys, with date offsets (option 113107) of -11, -12, … days in the same
 * order. A run over `input` then writes the same bytes every time.
 */
export function pinProject(db: string, input: string): void {
  mkdirSync(dirname(db), { recursive: true });
  const scan = runCli(['scan', input, '--db', db]);
  if (scan.status !== 0) throw new Error(`scan of ${input} failed: ${scan.stderr}`);
  const handle = openDatabase(db);
  try {
    const project = getOrCreateProject(handle, 'default');
    pinProjectSecret(handle, project, PINNED_SECRET);
    const keys = new Set<string>();
    for (const row of listFilesUnder(handle, input)) if (row.kind === 'dicom') keys.add(subjectKeyOf(row, project));
    const rows = [...keys].sort().map((mrn, i) => ({ subj: `SUBJ-${String(i + 1).padStart(5, '0')}`, mrn, dateOffsetDays: -11 - i }));
    const r = importSubjects(handle, project, rows);
    if (!r.ok) throw new Error(r.error.message);
  } finally {
    handle.close();
  }
}
