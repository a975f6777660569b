/**
 * The strip under the header that shows each long job: what it does, a bar with counts (in their
 * own unit: files, or frames), this job's measured rate and the time left, and Cancel; an
 * interrupted job (app closed mid-run) offers Resume. Finished jobs collapse into one line.
 *
 * The strip is always there and at least one row high, whether jobs run or not: a job starting,
 * finishing or leaving never moves the viewer under a reviewer's pointer mid-drag.
 */
import { useEffect } from 'react';
import type { ReactElement } from 'react';
import { describeError } from '../transport/callApi';
import { jobTitle, percentDone, progressLine, stripJobs } from './formatJob';
import type { JobView } from '../session/useJobs';
import { useSession } from '../session/sessionContext';

const AUTO_DISMISS_MS = 5000;

function JobRow(props: { job: JobView }): ReactElement {
  const { jobs, notify } = useSession();
  const { job } = props;
  const p = job.progress;
  const done = p?.done ?? 0;
  const total = p?.total ?? 0;
  const pct = percentDone(done, total);

  const act = (fn: () => Promise<unknown>): void => {
    fn().catch((e: unknown) => notify(describeError(e), 'error'));
  };

  let status: string;
  switch (job.state) {
    case 'running':
      status = p !== null && total > 0 ? progressLine(p) : 'starting…';
      break;
    case 'done':
    case 'failed':
    case 'cancelled':
      status = finishedStatus(job);
      break;
    case 'interrupted':
      status = `interrupted at ${done} of ${total} ${p?.unit ?? 'files'}: the app closed while it ran`;
      break;
  }

  return (
    <div className={`job job-${job.state}`} data-testid={`job-${job.kind}`} data-state={job.state} role="status" aria-live="polite">
      <div className="job-title">
        {jobTitle(job.kind)}
        {job.folderName !== null ? <span className="job-folder"> · {job.folderName}</span> : null}
        {p !== null && p.phase !== job.kind ? <span className="job-phase"> · {p.phase}</span> : null}
      </div>
      <div className="job-bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
        <progress max={100} value={job.state === 'done' ? 100 : pct} />
      </div>
      <div className="job-status">{status}</div>
      <div className="job-actions">
        {job.state === 'running' && (
          <button type="button" onClick={() => act(() => jobs.cancel(job.jobId))}>
            Cancel
          </button>
        )}
        {job.state === 'interrupted' && (
          <button type="button" className="primary" onClick={() => act(() => jobs.resume(job.jobId))}>
            Resume
          </button>
        )}
        {job.state !== 'running' && (
          <button type="button" className="quiet" aria-label="Dismiss" onClick={() => jobs.dismiss(job.jobId)}>
            ×
          </button>
        )}
      </div>
    </div>
  );
}

/** A verify job's result in one line: how many images were confirmed clean, and which were not. */
function verifyStatus(v: NonNullable<JobView['verify']>): string {
  const c = v.counts;
  if (v.verdict === 'confirmed') return `verified: ${c.clean} of ${c.images} images confirmed clean, every file as written`;
  const shown = v.problems.slice(0, 3).map((p) => `${p.path} (${p.reason})`).join('; ');
  const stray = v.problems.filter((p) => p.status === 'not-written' || p.status === 'changed').length;
  return `verify: ${c.found} image${c.found === 1 ? '' : 's'} with text, ${c.failed} unreadable, of ${c.images}; ${stray} file${stray === 1 ? '' : 's'} not as written: ${shown}${v.problems.length > 3 ? '…' : ''}`;
}

/** How a finished job ended, in a few words. */
function finishedStatus(job: JobView): string {
  switch (job.state) {
    case 'done':
      if (job.scan !== null) return `${job.scan.total} files, ${job.scan.images} images`;
      if (job.verify !== null) return verifyStatus(job.verify);
      return 'done';
    case 'failed':
      return `failed: ${job.error?.message ?? 'unknown error'}`;
    case 'cancelled':
      return 'cancelled';
    case 'running':
    case 'interrupted':
      return job.state;
  }
}

/** One finished job in the collapsed line; done and cancelled ones leave by themselves. */
function FinishedJob(props: { job: JobView }): ReactElement {
  const { dismiss } = useSession().jobs;
  const { job } = props;
  useEffect(() => {
    if (job.state !== 'done' && job.state !== 'cancelled') return;
    const t = setTimeout(() => dismiss(job.jobId), AUTO_DISMISS_MS);
    return () => clearTimeout(t);
  }, [job.state, job.jobId, dismiss]);
  return (
    <li className={`job-finished job-finished-${job.state}`} data-testid={`finished-${job.kind}`} data-state={job.state}>
      {jobTitle(job.kind)}: {finishedStatus(job)}
      <button type="button" className="quiet" aria-label="Dismiss" onClick={() => dismiss(job.jobId)}>
        ×
      </button>
    </li>
  );
}

/** Lists the jobs to show: a strip per running job, the finished ones on one line; "no jobs running" when there are none. */
export function JobBar(): ReactElement {
  const { jobs } = useSession();
  const { open, finished } = stripJobs(jobs.jobs);
  return (
    <section className="job-strip" aria-label="Jobs" data-testid="job-strip">
      {open.length === 0 && finished.length === 0 && <div className="jobs-none">No jobs running</div>}
      {open.map((j) => (
        <JobRow key={j.jobId} job={j} />
      ))}
      {finished.length > 0 && (
        <ul className="jobs-finished" data-testid="jobs-finished" aria-label="Finished jobs">
          {finished.map((j) => (
            <FinishedJob key={j.jobId} job={j} />
          ))}
        </ul>
      )}
    </section>
  );
}
