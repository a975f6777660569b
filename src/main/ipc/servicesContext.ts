import type { JobProgress } from '../../shared/progress';
import type { AppDatabase } from '../db/database';
import type { Project } from '../db/projectsRepo';
import type { IdRegistry } from './idRegistry';
import type { SessionSettings } from './sessionSettings';
import type { BrowseRoots } from './browseRoots';
import type { FolderCatalog } from './folderCatalog';
import type { ReviewContext } from '../pipeline/review/imageStates';
import type { OutputTreeStatus } from '../pipeline/review/outputTree';
import type { EmitEvent, JobManager } from './jobManager';
import type { TaskRunner } from '../workers/workerPool';
import type { JobStages } from './jobStages';

/**
 * Native pickers and shell actions, supplied by the Electron composition root. Absent in browser
 * mode, where callers use the browse API instead. Each returns undefined when the user cancels.
 */
export interface Pickers {
  pickFolder(purpose: 'open-study' | 'output'): Promise<string | undefined>;
  pickFile(purpose: 'import-subjects'): Promise<string | undefined>;
  pickSaveFile(purpose: 'export', defaultName: string): Promise<string | undefined>;
  /** Opens a folder in the system file manager; false when it could not. */
  openPath(path: string): Promise<boolean>;
}

/** What the OCR job gets (wired by the pixel pipeline's integration). */
interface OcrJobArgs {
  db: AppDatabase;
  folder: string;
  project: Project;
  signal: AbortSignal;
  onProgress(p: JobProgress): void;
  /** Boxes of these files changed: the renderer refreshes them. */
  onImagesChanged(fileIds: number[]): void;
}

/** Runs OCR over a scanned folder, writing boxes and OCR coverage to the database. */
export type OcrRunner = (args: OcrJobArgs) => Promise<void>;

/** Options of `createServices`. */
export interface ServicesOptions {
  db: AppDatabase;
  version: string;
  mode: 'electron' | 'browser';
  /** The settings file (recent folders, project, reviewer); default beside the database. */
  stateFile?: string;
  /** The bundled sample study, when it exists. */
  sampleStudyDir?: string;
  /** Browser mode: the only folders the browse API shows. */
  roots?: readonly string[];
  /** Electron: native dialogs and shell. */
  pickers?: Pickers;
  /** Project to start with (overrides the remembered one for this session). */
  project?: string;
  reviewer?: string;
  /** Worker threads for scans and de-identification; default one per core. */
  workers?: number;
  /**
   * The file-reading stages of the scan, de-identify and verify jobs: `threadJobStages()` in the
   * app and the server (each job on a worker thread), `inlineJobStages` in tests over the sources.
   */
  stages: JobStages;
  /** The OCR job; when absent `ocrStart` answers `UNAVAILABLE` and every image whose pixels need cleaning is withheld. */
  ocr?: OcrRunner;
  /** Exports with `{ via: 'default' }` go here; default `<database folder>/exports`. */
  exportsDir?: string;
  /** Progress throttle in ms (default 100). */
  throttleMs?: number;
}

/** Shared state of one services instance, handed to each handler group. */
export interface ServicesContext {
  readonly o: ServicesOptions;
  readonly db: AppDatabase;
  readonly ids: IdRegistry;
  readonly state: SessionSettings;
  readonly catalog: FolderCatalog;
  readonly browse: BrowseRoots | undefined;
  readonly jobs: JobManager;
  readonly emit: EmitEvent;
  /**
   * The pool that reads files for the handlers (viewer frames, overlays, header preview,
   * descriptions): parsing and decoding run on its worker thread, never on the main thread.
   */
  readonly requests: TaskRunner;
  /** The options and abilities the pixel verdicts of the tree, dialog and preview are asked under. */
  reviewContext(): ReviewContext;
  /** The current project. */
  project(): Project;
  setProject(p: Project): void;
  /** The reviewer recorded with a decision; `NO_REVIEWER` until one is named. */
  reviewer(): string;
  /** The reviewer's name, or null until one is named (no OS-user default). */
  reviewerName(): string | null;
  setReviewer(name: string): void;
  /** The folder open now, if any. */
  openFolder(): string | undefined;
  /** Opens a folder by path (already checked by the caller) and starts its scan. */
  openFolderPath(path: string): { folder: string; jobId: string };
  /** The path of an opened folder by id (`NO_FOLDER` / `NOT_FOUND` otherwise). */
  openedFolder(folderId: string): string;
  /** Whether an opened folder (as last loaded) is a de-identified tree, opened read-only. */
  outputTree(folder: string): Promise<OutputTreeStatus>;
}
