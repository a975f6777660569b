import type { AppDatabase } from './database';
import { underRange } from './filesRepo';
import type { Project } from './projectsRepo';

/** What {@link purgeProject} removed. */
interface PurgeCounts {
  /** Indexed files (with their header values, OCR boxes, OCR records and review marks). */
  files: number;
  /** Runs whose input and output paths and summary were cleared. */
  runs: number;
  /** Subjects (MRN → subject id) and studies (frozen CT dates) removed; 0 with `keepMapping`. */
  subjects: number;
  studies: number;
  /** Terms of the project's allow and deny lists removed; 0 with `keepLists`. */
  terms: number;
}

/** What {@link purgeProject} keeps. */
interface PurgeOptions {
  /** Keep the subjects (MRN → subject id) and the studies' CT dates. */
  keepMapping: boolean;
  /** Keep the project's allow and deny lists of pixel text (a deny list holds names by design). */
  keepLists?: boolean;
}

/**
 * Removes a project's patient data from the database: the index rows of every file under the
 * inputs of its runs or in its studies (header values, OCR text and boxes, the box audit, review
 * marks), the paths and summaries of its runs, unless `keepLists` its allow and deny lists of
 * pixel text (a deny list is made of names), and unless `keepMapping` its subjects and studies
 * (the MRN mapping). The project itself (name, settings, key) stays. The index is shared: a file
 * another project also read is read again by that project's next scan. Secure delete zeroes the
 * freed pages and the WAL is checkpointed, so a copy of the file holds none of it.
 */
export function purgeProject(db: AppDatabase, project: Pick<Project, 'id'>, opts: PurgeOptions): PurgeCounts {
  db.sqlite.pragma('secure_delete = ON');
  const counts = db.write((): PurgeCounts => {
    const runs = db.statement('SELECT input FROM runs WHERE project_id = ?').all(project.id) as { input: string | null }[];
    const fileIds = new Set<number>();
    const under = db.statement('SELECT id FROM files WHERE path >= ? AND path < ?').pluck();
    for (const input of new Set(runs.map((r) => r.input).filter((p): p is string => p !== null))) {
      for (const id of under.all(...underRange(input)) as number[]) fileIds.add(id);
    }
    const inStudies = db.statement('SELECT f.id FROM files f JOIN studies s ON s.study_uid = f.study_uid WHERE s.project_id = ?').pluck();
    for (const id of inStudies.all(project.id) as number[]) fileIds.add(id);
    const dropDecisions = db.statement('DELETE FROM rect_decisions WHERE file_id = ?');
    const dropBoxDecisions = db.statement('DELETE FROM rect_decisions WHERE rect_id IN (SELECT id FROM rects WHERE file_id = ?)');
    // rects, image_ocr and image_reviews go with their file (ON DELETE CASCADE).
    const dropFile = db.statement('DELETE FROM files WHERE id = ?');
    let files = 0;
    for (const id of fileIds) {
      dropBoxDecisions.run(id);
      dropDecisions.run(id);
      files += dropFile.run(id).changes;
    }
    // The output trees' paths: what a run wrote is a path too.
    db.statement('DELETE FROM outputs WHERE project_id = ?').run(project.id);
    const cleared = db.statement('UPDATE runs SET input = NULL, output = NULL, summary_json = NULL WHERE project_id = ?').run(project.id).changes;
    const terms = opts.keepLists ? 0 : db.statement('DELETE FROM pixel_terms WHERE project_id = ?').run(project.id).changes;
    let subjects = 0;
    let studies = 0;
    if (!opts.keepMapping) {
      db.statement('DELETE FROM study_subjects WHERE project_id = ?').run(project.id);
      studies = db.statement('DELETE FROM studies WHERE project_id = ?').run(project.id).changes;
      subjects = db.statement('DELETE FROM subjects WHERE project_id = ?').run(project.id).changes;
    }
    return { files, runs: cleared, subjects, studies, terms };
  });
  db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  return counts;
}
