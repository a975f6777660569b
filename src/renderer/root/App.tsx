/**
 * The shell: loads the app info, provides the services to every screen, and lays out the header
 * (folder, project, reviewer, OCR, exports, de-identify), the job strip, the screen and notices.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactElement } from 'react';
import type { DeidApi } from '../../shared/ipc/api';
import { DeidentifyDialog } from '../deid/DeidentifyDialog';
import { ExportsPanel } from '../deid/ExportsPanel';
import { HomeScreen } from '../home/HomeScreen';
import { JobBar } from '../jobs/JobBar';
import { useJobs } from '../session/useJobs';
import { ProjectDialog } from '../project/ProjectDialog';
import { ReviewScreen } from '../review/ReviewScreen';
import { ApiError, callApi, describeError } from '../transport/callApi';
import type { TransportKind } from '../transport/createTransport';
import { Modal } from '../ui/Modal';
import { Notices } from '../ui/Notices';
import { SessionContext } from '../session/sessionContext';
import type { AppInfo, SessionServices, Notice } from '../session/sessionContext';
import { ReviewerDialog } from './ReviewerDialog';
import type { ChannelName } from '../../shared/ipc/channelNames';
import { addNotice, clearChannelErrors } from '../session/noticeList';
import { trackOutcomes } from '../session/trackedApi';

/** Props of {@link App}. */
interface AppProps {
  api: DeidApi;
  kind: TransportKind;
  /** Browser mode: whether the event socket is up (null in Electron). */
  connected: boolean | null;
  /** Bumped after a reconnect: screens refetch, since events may have been missed. */
  epoch: number;
}

type Dialog = 'deid' | 'exports' | 'project' | 'reviewer' | null;

/** The application root; see the module comment. */
export function App(props: AppProps): ReactElement {
  const [notices, setNotices] = useState<Notice[]>([]);
  // The last failure line of each channel, so the error notice showing it is tagged with its channel.
  const failures = useRef(new Map<string, ChannelName>());
  const api = useMemo(
    () =>
      trackOutcomes(props.api, {
        failed: (channel, line) => failures.current.set(line, channel),
        succeeded: (channel) => setNotices((list) => clearChannelErrors(list, channel)),
      }),
    [props.api],
  );
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [fatal, setFatal] = useState<string | null>(null);
  const [view, setView] = useState<'home' | 'review'>('home');
  const [dialog, setDialog] = useState<Dialog>(null);
  const [ocrUnavailable, setOcrUnavailable] = useState<string | null>(null);
  const nextNotice = useRef(1);

  const notify = useCallback((text: string, tone: Notice['tone'] = 'info') => {
    const id = nextNotice.current++;
    const channel = tone === 'error' ? failures.current.get(text) : undefined;
    setNotices((list) => addNotice(list, { id, tone, text, ...(channel === undefined ? {} : { channel }) }));
  }, []);
  const dismissNotice = useCallback((id: number) => setNotices((list) => list.filter((n) => n.id !== id)), []);
  const onJobError = useCallback((e: unknown) => notify(describeError(e), 'error'), [notify]);
  const jobs = useJobs(api, onJobError, props.epoch);

  const reloadInfo = useCallback(async () => {
    const next = await callApi(api, 'appInfo', {});
    setInfo(next);
  }, [api]);

  useEffect(() => {
    if (props.epoch > 0) {
      reloadInfo().catch((e: unknown) => notify(describeError(e), 'error'));
      return;
    }
    callApi(api, 'appInfo', {}).then(
      (i) => {
        setInfo(i);
        if (i.openFolder !== null) setView('review');
      },
      (e: unknown) => setFatal(describeError(e)),
    );
  }, [api, props.epoch, reloadInfo, notify]);

  const services = useMemo<SessionServices | null>(
    () => (info === null ? null : { api, kind: props.kind, info, reloadInfo, notify, jobs, epoch: props.epoch }),
    [api, props.kind, info, reloadInfo, notify, jobs, props.epoch],
  );

  if (fatal !== null) {
    return (
      <main className="fatal" role="alert">
        <h1>deid-studio cannot reach its engine</h1>
        <p>{fatal}</p>
      </main>
    );
  }
  if (services === null || info === null) return <main className="loading">Starting…</main>;

  const folder = info.openFolder;
  const ocrBlocked = info.ocrAvailable ? ocrUnavailable : 'Burned-in text cannot be read in this session: images that need it will be withheld';
  const startOcr = (): void => {
    if (folder === null) return;
    callApi(api, 'ocrStart', { folderId: folder.folderId }).then(
      () => notify('Reading burned-in text: boxes appear as images are read.'),
      (e: unknown) => {
        if (e instanceof ApiError && e.code === 'UNAVAILABLE') setOcrUnavailable(e.message);
        notify(describeError(e), 'error');
      },
    );
  };

  return (
    <SessionContext.Provider value={services}>
      <div className="app">
        <header className="app-header">
          <button type="button" className="brand" onClick={() => setView('home')} title="Home">
            deid-studio
          </button>
          {folder !== null && (
            <button type="button" className={`crumb${view === 'review' ? ' active' : ''}`} onClick={() => setView('review')} data-testid="folder-crumb" title={folder.displayPath}>
              {folder.name}
            </button>
          )}
          <span className="spacer" />
          <button type="button" className="quiet" onClick={() => setDialog('project')} data-testid="header-project" title="Project">
            Project <strong>{info.project.name}</strong>
          </button>
          <button type="button" className="quiet" onClick={() => setDialog('reviewer')} title="Reviewer recorded with every decision">
            Reviewer <strong>{info.reviewer ?? 'not named yet'}</strong>
          </button>
          {props.connected === false && <span className="offline" role="status">reconnecting…</span>}
          {folder !== null && (
            <>
              <button type="button" onClick={startOcr} disabled={ocrBlocked !== null} title={ocrBlocked ?? 'Find burned-in text in every image'} data-testid="start-ocr">
                Read text
              </button>
              <button type="button" onClick={() => setDialog('exports')} data-testid="open-exports">
                Exports…
              </button>
              <button type="button" className="primary" onClick={() => setDialog('deid')} data-testid="open-deid">
                De-identify…
              </button>
            </>
          )}
        </header>
        {props.connected === false && (
          <div className="connection-lost" role="alert" data-testid="connection-lost">
            <strong>The deid-studio server is not answering.</strong> Decisions made now show “not saved” and are sent again
            while this page waits for it. If the server was stopped, start it again (<code>deid-studio serve</code>) and open the
            new address it prints (it ends in <code>?token=…</code>): that page shows what the database holds.
          </div>
        )}
        <JobBar />
        {view === 'review' && folder !== null ? (
          <ReviewScreen key={folder.folderId} folder={folder} />
        ) : (
          <HomeScreen onOpened={() => setView('review')} />
        )}
        <Notices notices={notices} onDismiss={dismissNotice} />
        {dialog === 'deid' && folder !== null && <DeidentifyDialog folderId={folder.folderId} folderName={folder.name} onClose={() => setDialog(null)} />}
        {dialog === 'exports' && (
          <Modal title="Exports" onClose={() => setDialog(null)} wide testId="exports-dialog">
            <ExportsPanel folderId={folder?.folderId ?? null} />
          </Modal>
        )}
        {dialog === 'project' && <ProjectDialog onClose={() => setDialog(null)} />}
        {/* First use: the reviewer names themselves before anything is decided (no OS-user default). */}
        {(dialog === 'reviewer' || (info.reviewer === null && dialog === null)) && <ReviewerDialog firstUse={info.reviewer === null} onClose={() => setDialog(null)} />}
      </div>
    </SessionContext.Provider>
  );
}
