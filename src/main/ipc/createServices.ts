import { realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ChannelHandlers, EventPayload } from '../../shared/ipc/api';
import type { EventName } from '../../shared/ipc/channelNames';
import { findProject, getOrCreateProject, projectNameProblem, type Project } from '../db/projectsRepo';
import { createIdRegistry } from './idRegistry';
import { SessionSettings } from './sessionSettings';
import { BrowseRoots } from './browseRoots';
import { FolderCatalog } from './folderCatalog';
import { jobHandlers } from './jobHandlers';
import { JobManager } from './jobManager';
import { createTaskRunner } from '../workers/workerPool';
import { jobWork } from './jobWork';
import { outputCheckHandlers } from './outputCheckHandlers';
import { pixelTermHandlers } from './pixelTermHandlers';
import { projectHandlers } from './projectHandlers';
import { rectHandlers } from './rectHandlers';
import type { ServicesContext, ServicesOptions } from './servicesContext';
import { ServiceError, notFound } from './serviceError';
import { studyHandlers } from './studyHandlers';
import { asWrittenHandlers } from './asWrittenHandlers';
import { judgeOutputTree } from '../pipeline/review/outputTree';
import { identityRemovedCache } from './identityRemovedCache';

/** A listener of every event. */
type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** The app's services: the channel handlers over the database and jobs, and their events. */
export interface Services {
  readonly handlers: ChannelHandlers;
  /** Adds an event listener; returns the function that removes it. */
  subscribe(listener: EventListener): () => void;
  /** Opens a folder given on the command line (`serve --open`) and starts its scan. */
  openFolder(path: string): { folderId: string; jobId: string };
  readonly jobs: JobManager;
  /** Cancels running jobs and waits for them. */
  close(): Promise<void>;
}

/** Builds the services (pure Node: Electron and `serve` both wrap them). */
export function createServices(o: ServicesOptions): Services {
  const ids = createIdRegistry();
  const state = new SessionSettings(o.stateFile ?? join(dirname(o.db.file), 'deid-studio-app.json'));
  const listeners = new Set<EventListener>();
  const emit: EventListener = (event, payload) => {
    for (const l of listeners) {
      try {
        l(event, payload);
      } catch {
        // One broken listener (a closed window) must not stop the others.
      }
    }
  };
  const catalog = new FolderCatalog(o.db);
  const browse = o.roots && o.roots.length ? new BrowseRoots(o.roots, ids) : undefined;
  const remembered = o.project ?? state.project ?? 'default';
  // A name remembered from an earlier version may no longer be valid: start on the default project.
  const initialName = projectNameProblem(remembered) ? 'default' : remembered;
  let project: Project = findProject(o.db, initialName) ?? getOrCreateProject(o.db, initialName);
  // No default from the OS user (`root` on a shared machine): the reviewer names themselves on first use.
  let reviewer: string | null = o.reviewer ?? state.reviewer ?? null;
  let open: string | undefined;

  // Jobs need the context to build their work, and the context hands out the jobs: a getter
  // closes the loop (nothing reads it before the manager exists).
  let jobs: JobManager | undefined;
  // One worker thread for the handlers' reads (the jobs make pools of their own); with no worker
  // script (tests run the sources) or `workers: 0` the same handlers run inline.
  const requests = createTaskRunner(o.workers === 0 ? 0 : 1);
  const identityRemoved = identityRemovedCache(requests);
  const ctx: ServicesContext = {
    o,
    get jobs(): JobManager {
      if (!jobs) throw new Error('the job manager is not ready');
      return jobs;
    },
    db: o.db,
    ids,
    state,
    catalog,
    browse,
    emit,
    requests,
    reviewContext: () => ({ options: project.options, pixelCleaning: o.ocr !== undefined }),
    project: () => project,
    setProject: (p: Project) => {
      project = p;
      if (!o.project) state.setProject(p.name);
    },
    reviewer: () => {
      if (reviewer === null) throw new ServiceError('NO_REVIEWER', 'Give your name first (Reviewer, in the header): every decision records who made it');
      return reviewer;
    },
    reviewerName: () => reviewer,
    setReviewer: (name: string) => {
      reviewer = name;
      state.setReviewer(name);
    },
    openFolder: () => open,
    openFolderPath: (path: string) => {
      const folder = realpathSync(path);
      catalog.add(folder);
      catalog.refresh(folder);
      open = folder;
      state.addRecent(folder);
      const running = ctx.jobs.running('scan', folder);
      const jobId = running ?? ctx.jobs.start({ kind: 'scan', folder, project: project.name, thenRead: true });
      return { folder, jobId };
    },
    openedFolder: (folderId: string) => {
      const path = ids.folder.valueOf(folderId);
      if (path === undefined) throw notFound('folder');
      if (!catalog.has(path)) throw new ServiceError('NO_FOLDER', 'that folder is not open; open it first');
      return path;
    },
    outputTree: async (folder: string) => {
      const rows = catalog.rows(folder);
      return judgeOutputTree(o.db, rows, await identityRemoved(rows));
    },
  };
  const manager = new JobManager({
    db: o.db,
    emit,
    folderId: (p) => ids.folder.idOf(p),
    workFor: (spec) => jobWork(ctx, spec),
    throttleMs: o.throttleMs,
  });
  jobs = manager;

  const handlers: ChannelHandlers = {
    ...projectHandlers(ctx),
    ...studyHandlers(ctx),
    ...rectHandlers(ctx),
    ...asWrittenHandlers(ctx),
    ...jobHandlers(ctx),
    ...outputCheckHandlers(ctx),
    ...pixelTermHandlers(ctx),
  };
  return {
    handlers,
    jobs: manager,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    openFolder(path) {
      const { folder, jobId } = ctx.openFolderPath(path);
      return { folderId: ids.folder.idOf(folder), jobId };
    },
    async close() {
      await manager.shutdown();
      await requests.close();
    },
  };
}
