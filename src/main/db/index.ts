/**
 * The embedded database: open it once (the single writer) and pass the handle to the
 * repository functions. Only this folder knows SQL.
 */
export type { AppDatabase } from './database';
export { DatabaseError, type DatabaseErrorCode } from './databaseError';
export { defaultDbPath } from './dbPath';
export {
  type FileKind,
  type FileRow,
  type FileStat,
  getFileStat,
  getFileStatsUnder,
  listFilesUnder,
  type OverlayGroupInfo,
  removeMissingUnder,
  type StoredFileRow,
  upsertFileRows,
} from './filesRepo';
export { listMappingRows, type MappingRow } from './mappingRepo';
export { LATEST_VERSION, MIGRATIONS } from './migrate';
export { openDatabase, type OpenDatabaseOptions } from './openDatabase';
export {
  findProject,
  getOrCreateProject,
  listProjects,
  type Project,
  type ProjectSettings,
  updateProject,
} from './projectsRepo';
export { finishRun, listRuns, recordRun, type RunRecord, type StoredRun } from './runsRepo';
export { type FrozenStudyDate, freezeStudyDates, type StudyDateEntry } from './studiesRepo';
export {
  assignSubjects,
  importSubjects,
  listSubjects,
  type SubjectEntry,
  type SubjectImportConflict,
  type SubjectImportError,
  type SubjectImportRow,
} from './subjectsRepo';
