/**
 * De-identify the open folder: say what will happen (unreviewed proposals are burned, uncleaned
 * images are withheld), let the main process pick the output folder, run with progress and
 * cancel, then show the summary with the reasons and the exports.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReactElement } from 'react';
import type { ChannelResponse } from '../../shared/ipc/api';
import { useSession } from '../session/sessionContext';
import { OutputFolderPicker } from './OutputFolderPicker';
import { percentDone, progressLine } from '../jobs/formatJob';
import type { JobView } from '../session/useJobs';
import { callApi, describeError } from '../transport/callApi';
import { Modal } from '../ui/Modal';
import { DeidSummary } from './DeidSummary';
import { SkippedFiles } from './SkippedFiles';

type Plan = ChannelResponse<'deidentifyPrepare'>;

/** Props of {@link DeidentifyDialog}. */
interface DeidentifyDialogProps {
  folderId: string;
  folderName: string;
  onClose: () => void;
}

const POLL_MS = 2000;

/** The de-identify dialog; see the module comment. */
export function DeidentifyDialog(props: DeidentifyDialogProps): ReactElement {
  const { api, info, jobs, notify } = useSession();
  const browser = info.mode === 'browser';
  const [plan, setPlan] = useState<Plan | null>(null);
  const [output, setOutput] = useState<{ id: string; name: string } | null>(null);
  const [picking, setPicking] = useState(false);
  const [allowUncleaned, setAllowUncleaned] = useState(false);
  const [overwrite, setOverwrite] = useState(false);
  const [run, setRun] = useState<{ jobId: string; outputDisplayPath: string } | null>(null);
  const [finished, setFinished] = useState<JobView | null>(null);
  const [starting, setStarting] = useState(false);
  const finishedEarly = useRef(new Map<string, JobView>());

  useEffect(() => {
    callApi(api, 'deidentifyPrepare', { folderId: props.folderId }).then(setPlan, (e: unknown) => notify(describeError(e), 'error'));
  }, [api, props.folderId, notify]);

  // Subscribed before the job starts, so a quick job's end is not missed.
  useEffect(
    () =>
      api.on('jobFinished', (view) => {
        if (view.kind === 'deidentify') finishedEarly.current.set(view.jobId, view);
      }),
    [api],
  );
  const runId = run?.jobId ?? null;
  const poll = useCallback(async () => {
    if (runId === null) return;
    const seen = finishedEarly.current.get(runId);
    if (seen !== undefined) return setFinished(seen);
    // The events socket may have dropped: the job list is the fallback.
    const list = await callApi(api, 'jobsList', {});
    const view = list.jobs.find((j) => j.jobId === runId);
    if (view !== undefined && view.state !== 'running') setFinished(view);
  }, [api, runId]);
  useEffect(() => {
    if (runId === null || finished !== null) return;
    const off = api.on('jobFinished', (view) => {
      if (view.jobId === runId) setFinished(view);
    });
    void poll();
    const t = setInterval(() => void poll().catch(() => undefined), POLL_MS);
    return () => {
      off();
      clearInterval(t);
    };
  }, [api, runId, finished, poll]);

  const start = async (): Promise<void> => {
    setStarting(true);
    try {
      const r = await callApi(api, 'deidentifyStart', {
        folderId: props.folderId,
        output: browser ? { via: 'browse', folderId: output?.id ?? '' } : { via: 'dialog' },
        allowUncleaned,
        overwrite,
      });
      if (!('cancelled' in r)) setRun(r);
    } catch (e) {
      notify(describeError(e), 'error');
    } finally {
      setStarting(false);
    }
  };

  const live = runId === null ? undefined : jobs.jobs.find((j) => j.jobId === runId);
  const progress = live?.progress ?? null;
  const footer = (
    <>
      {run === null && (
        <>
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="primary"
            disabled={plan === null || starting || (browser && output === null)}
            onClick={() => void start()}
            data-testid="deid-start"
          >
            {plan !== null && plan.unreviewedProposals > 0 ? `Burn ${plan.unreviewedProposals} unreviewed and de-identify` : 'De-identify'}
          </button>
        </>
      )}
      {run !== null && finished === null && (
        <button type="button" onClick={() => void jobs.cancel(run.jobId).catch((e: unknown) => notify(describeError(e), 'error'))} data-testid="deid-cancel">
          Cancel
        </button>
      )}
      {finished !== null && (
        <button type="button" className="primary" onClick={props.onClose}>
          Close
        </button>
      )}
    </>
  );
  const title = finished !== null ? 'De-identification finished' : run !== null ? 'De-identifying…' : `De-identify ${props.folderName}`;
  return (
    <Modal title={title} onClose={props.onClose} wide testId="deid-dialog" footer={footer}>
      {run === null && (
        <div className="deid-plan">
          {plan === null ? (
            <p className="muted">Checking the folder…</p>
          ) : (
            <>
              <ul className="plan-facts" data-testid="deid-plan">
                <li>
                  <strong>{plan.files}</strong> files, <strong>{plan.images}</strong> images, project <strong>{plan.project}</strong> (options{' '}
                  {plan.options.join(', ') || 'none'})
                </li>
                <li className={plan.unreviewedProposals > 0 ? 'warn' : ''} data-testid="deid-unreviewed">
                  <strong>{plan.unreviewedProposals}</strong> proposed box{plan.unreviewedProposals === 1 ? '' : 'es'} nobody reviewed:{' '}
                  {plan.unreviewedProposals > 0 ? 'they will be burned out (fail closed).' : 'every proposal was decided.'}
                </li>
                <li>
                  <strong>{plan.imagesNotDone}</strong> image{plan.imagesNotDone === 1 ? '' : 's'} not marked done.
                </li>
                <li data-testid="deid-pixels">
                  Pixels: <strong>{plan.pixels.burn}</strong> image{plan.pixels.burn === 1 ? '' : 's'} to burn and verify,{' '}
                  <strong>{plan.pixels.clean}</strong> read, no text to burn (verified before writing)
                  {plan.pixels.read > 0 ? (
                    <>
                      , <strong>{plan.pixels.read}</strong> still to be read (the run reads them first)
                    </>
                  ) : null}
                  .
                </li>
                <li className={plan.withheld > 0 ? 'warn' : ''} data-testid="deid-withheld">
                  <strong>{plan.withheld}</strong> image{plan.withheld === 1 ? '' : 's'} will be withheld (pixels not cleaned).
                </li>
              </ul>
              <SkippedFiles files={plan.skipped} />
              <div className="deid-output">
                {browser ? (
                  <>
                    Output folder: {output === null ? <span className="muted">not chosen</span> : <strong data-testid="deid-output-name">{output.name}</strong>}{' '}
                    <button type="button" onClick={() => setPicking(true)} disabled={!info.browseAvailable} data-testid="deid-choose-output">
                      Choose…
                    </button>
                  </>
                ) : (
                  <span className="muted">You will choose the output folder next. The input folder is never changed.</span>
                )}
              </div>
              <label className="option">
                <input type="checkbox" checked={overwrite} onChange={(e) => setOverwrite(e.target.checked)} /> Replace files already in the output folder
              </label>
              <label className="option warn">
                <input type="checkbox" checked={allowUncleaned} onChange={(e) => setAllowUncleaned(e.target.checked)} /> Also write images whose pixels were
                not cleaned (not recommended)
              </label>
            </>
          )}
        </div>
      )}
      {run !== null && finished === null && (
        <div className="deid-running" data-testid="deid-running">
          <p>
            Writing to <code>{run.outputDisplayPath}</code>
          </p>
          <progress max={100} value={progress === null ? 0 : percentDone(progress.done, progress.total)} />
          <p className="muted">
            {progress === null
              ? 'starting…'
              : `${progress.phase}: ${progressLine(progress)}`}
          </p>
        </div>
      )}
      {finished !== null && <DeidSummary job={finished} folderId={props.folderId} />}
      {picking && (
        <OutputFolderPicker title="Where to write the de-identified copies" studyFolderId={props.folderId} onClose={() => setPicking(false)} onChosen={setOutput} />
      )}
    </Modal>
  );
}
