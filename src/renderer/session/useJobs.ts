/**
 * Live state of the main process's long jobs: the list at start-up, then progress and finish
 * events. Finished jobs stay listed until dismissed so the user sees how they ended.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { DeidApi, EventPayload } from '../../shared/ipc/api';
import { callApi } from '../transport/callApi';

/** A job as the main process describes it. */
export type JobView = EventPayload<'jobFinished'>;
/** One progress event. */
type JobProgressEvent = EventPayload<'jobProgress'>;

/** Jobs and the actions on them. */
export interface JobsState {
  jobs: readonly JobView[];
  cancel: (jobId: string) => Promise<void>;
  resume: (jobId: string) => Promise<string>;
  dismiss: (jobId: string) => void;
  /** Re-reads the job list (after a reconnect). */
  refresh: () => Promise<void>;
}

/** Applies a progress event to the list (a job first seen through its progress is added). */
export function withProgress(jobs: readonly JobView[], p: JobProgressEvent, now: Date): JobView[] {
  const index = jobs.findIndex((j) => j.jobId === p.jobId);
  if (index < 0) {
    const added: JobView = {
      jobId: p.jobId,
      kind: p.kind,
      state: 'running',
      folderId: null,
      folderName: null,
      startedAt: now.toISOString(),
      finishedAt: null,
      progress: p,
      error: null,
      scan: null,
      summary: null,
      verify: null,
    };
    return [...jobs, added];
  }
  const current = jobs[index];
  // A late progress event must not resurrect a job that already finished.
  if (current.state !== 'running') return [...jobs];
  const next = [...jobs];
  next[index] = { ...current, progress: p };
  return next;
}

/** Applies a finished event (replacing the job's view). */
export function withFinished(jobs: readonly JobView[], view: JobView): JobView[] {
  const index = jobs.findIndex((j) => j.jobId === view.jobId);
  if (index < 0) return [...jobs, view];
  const next = [...jobs];
  next[index] = view;
  return next;
}

/** Subscribes to job events for the life of the component; a new `epoch` re-reads the list. */
export function useJobs(api: DeidApi, onError: (e: unknown) => void, epoch: number): JobsState {
  const [jobs, setJobs] = useState<JobView[]>([]);

  const refresh = useCallback(async () => {
    try {
      const list = await callApi(api, 'jobsList', {});
      setJobs(list.jobs.filter((j) => j.state === 'running' || j.state === 'interrupted'));
    } catch (e) {
      onError(e);
    }
  }, [api, onError]);

  useEffect(() => {
    const offProgress = api.on('jobProgress', (p) => setJobs((list) => withProgress(list, p, new Date())));
    const offFinished = api.on('jobFinished', (view) => setJobs((list) => withFinished(list, view)));
    return () => {
      offProgress();
      offFinished();
    };
  }, [api]);

  useEffect(() => {
    void refresh();
  }, [refresh, epoch]);

  const cancel = useCallback(
    async (jobId: string) => {
      await callApi(api, 'jobsCancel', { jobId });
    },
    [api],
  );
  const resume = useCallback(
    async (jobId: string) => {
      const { jobId: next } = await callApi(api, 'jobsResume', { jobId });
      setJobs((list) => list.filter((j) => j.jobId !== jobId));
      return next;
    },
    [api],
  );
  const dismiss = useCallback((jobId: string) => setJobs((list) => list.filter((j) => j.jobId !== jobId)), []);

  return useMemo(() => ({ jobs, cancel, resume, dismiss, refresh }), [jobs, cancel, resume, dismiss, refresh]);
}
