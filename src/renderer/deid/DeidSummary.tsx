/** The end of a de-identify run: counts, every file not written with its reason, the output folder, and the exports. */
import { useState } from 'react';
import type { ReactElement } from 'react';
import { useSession } from '../session/sessionContext';
import type { JobView } from '../session/useJobs';
import { callApi, describeError } from '../transport/callApi';
import { ExportsPanel } from './ExportsPanel';

/** Shows the summary of the finished job `job`. */
export function DeidSummary(props: { job: JobView; folderId: string }): ReactElement {
  const { api, notify } = useSession();
  const [opened, setOpened] = useState<string | null>(null);
  const [verifying, setVerifying] = useState(false);
  const { job } = props;
  const s = job.summary;

  const openFolder = async (): Promise<void> => {
    try {
      const r = await callApi(api, 'outputOpen', { jobId: job.jobId });
      setOpened(r.opened ? `Opened ${r.displayPath}` : `The output is in ${r.displayPath}`);
    } catch (e) {
      notify(describeError(e), 'error');
    }
  };

  const verify = async (): Promise<void> => {
    try {
      await callApi(api, 'verifyStart', { source: { via: 'job', jobId: job.jobId } });
      setVerifying(true);
      notify('Verifying the output: the result shows with the job.');
    } catch (e) {
      notify(describeError(e), 'error');
    }
  };

  return (
    <div className="deid-summary" data-testid="deid-summary" data-state={job.state}>
      {job.state !== 'done' && (
        <p className={job.state === 'failed' ? 'error-text' : 'warn'}>
          The run {job.state}
          {job.error !== null ? `: ${job.error.message}` : '.'}
        </p>
      )}
      {s !== null && (
        <>
          <dl className="summary-counts">
            <div>
              <dt>Written</dt>
              <dd data-testid="summary-written">{s.counts.written}</dd>
            </div>
            <div>
              <dt>Unchanged</dt>
              <dd>{s.counts.unchanged}</dd>
            </div>
            <div className={s.counts.withheld > 0 ? 'warn' : ''}>
              <dt>Withheld</dt>
              <dd data-testid="summary-withheld">{s.counts.withheld}</dd>
            </div>
            <div className={s.counts.failed > 0 ? 'error-text' : ''}>
              <dt>Failed</dt>
              <dd data-testid="summary-failed">{s.counts.failed}</dd>
            </div>
            <div>
              <dt>Not DICOM</dt>
              <dd>{s.counts.notDicom}</dd>
            </div>
            <div>
              <dt>Subjects</dt>
              <dd>{s.counts.subjects}</dd>
            </div>
          </dl>
          <p>
            Output: <code data-testid="summary-output">{s.output}</code>{' '}
            <button type="button" onClick={() => void openFolder()} data-testid="open-output">
              Open folder
            </button>
            <button type="button" onClick={() => void verify()} disabled={verifying} data-testid="verify-output" title="Re-read every written image and list any whose pixels cannot be confirmed clean">
              Verify output
            </button>
            {opened !== null && <span className="muted"> {opened}</span>}
          </p>
          {s.problems.length > 0 && (
            <details open>
              <summary>
                {s.problems.length} file{s.problems.length === 1 ? '' : 's'} not written as asked
              </summary>
              <table className="problems" data-testid="summary-problems">
                <thead>
                  <tr>
                    <th>File</th>
                    <th>Outcome</th>
                    <th>Reason</th>
                  </tr>
                </thead>
                <tbody>
                  {s.problems.map((p) => (
                    <tr key={p.path} className={`outcome-${p.status}`} data-testid="summary-problem">
                      <td className="path">{p.path}</td>
                      <td>{p.status}</td>
                      <td>{[p.reason, ...(p.uncleaned ?? [])].filter(Boolean).join('; ') || '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          )}
          {s.notes.length > 0 && (
            <ul className="muted">
              {s.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
        </>
      )}
      <h3>Exports</h3>
      <ExportsPanel folderId={props.folderId} />
    </div>
  );
}
