/**
 * The strip under the header that shows each long job: what it does, a bar with counts, items per
 * second and the time left, and Cancel; an interrupted job (app closed mid-run) offers Resume.
 */
import { useEffect } from 'react';
import type { ReactElement } from 'react';
import { describeError } from '../transport/callApi';
import { formatEta, formatRate, groupDigits, jobTitle, percentDone } from './formatJob';
import type { JobView } from '../session/useJobs';
import { useSession } from '../session/sessionContext';

const AUTO_DISMISS_MS = 5000;

function JobRow(props: { job: JobView }): ReactElement {
  const { jobs, notify } = useSession();
  const { dismiss } = jobs;
  const { job } = props;
  const p = job.progress;
  const done = p?.done ?? 0;
  const total = p?.total ?? 0;
  const pct = percentDone(done, total);

  useEffect(() => {
    if (job.state !== 'done' && job.state !== 'cancelled') return;
    const t = setTimeout(() => dismiss(job.jobId), AUTO_DISMISS_MS);
    return () => clearTimeout(t);
  }, [job.state, job.jobId, dismiss]);

  const act = (fn: () => Promise<unknown>): void => {
    fn().catch((e: unknown) => notify(describeError(e), 'error'));
  };

  let status: string;
  switch (job.state) {
    case 'running':
      status = total > 0 ? `${groupDigits(done)} of ${groupDigits(total)} · ${formatRate(p?.perSecond ?? 0)} files/s · ${formatEta(p?.etaMs ?? null)}` : 'starting…';
      break;
    case 'done':
      status = job.scan !== null
        ? `finished: ${job.scan.total} files, ${job.scan.images} images`
        : job.verify !== null
          ? verifyStatus(job.verify)
          : 'finished';
      break;
    case 'failed':
      status = `failed: ${job.error?.message ?? 'unknown error'}`;
      break;
    case 'cancelled':
      status = 'cancelled';
      break;
    case 'interrupted':
      status = `interrupted at ${done} of ${total}: the app closed while it ran`;
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

/** Lists the jobs to show; renders nothing when there are none. */
export function JobBar(): ReactElement | null {
  const { jobs } = useSession();
  if (jobs.jobs.length === 0) return null;
  return (
    <section className="job-strip" aria-label="Jobs">
      {jobs.jobs.map((j) => (
        <JobRow key={j.jobId} job={j} />
      ))}
    </section>
  );
}
