/**
 * The start screen: open a study folder (native dialog in Electron, the browse picker in browser
 * mode), reopen a recent one, or try the bundled sample study; the current project is shown so the
 * user knows which subject ids new patients will get.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReactElement } from 'react';
import type { ChannelRequest, ChannelResponse } from '../../shared/ipc/api';
import { useSession } from '../session/sessionContext';
import { callApi, describeError } from '../transport/callApi';
import { FolderPicker } from '../ui/FolderPicker';
import { ProjectCard } from '../project/ProjectCard';
import { isModalOpen } from '../ui/Modal';

type Recent = ChannelResponse<'studiesRecent'>;
type OpenSource = ChannelRequest<'studiesOpen'>['source'];

/** Props of {@link HomeScreen}. */
interface HomeScreenProps {
  /** Called once a folder is open (its scan has started). */
  onOpened: () => void;
}

function formatWhen(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

/** The home screen; see the module comment. */
export function HomeScreen(props: HomeScreenProps): ReactElement {
  const { api, info, reloadInfo, notify } = useSession();
  const [recent, setRecent] = useState<Recent | null>(null);
  const [picking, setPicking] = useState(false);
  const [busy, setBusy] = useState(false);
  const { onOpened } = props;

  useEffect(() => {
    callApi(api, 'studiesRecent', {}).then(setRecent, (e: unknown) => notify(describeError(e), 'error'));
  }, [api, notify]);

  const openFrom = useCallback(
    async (source: OpenSource) => {
      setBusy(true);
      try {
        const r = await callApi(api, 'studiesOpen', { source });
        if ('cancelled' in r) return;
        await reloadInfo();
        onOpened();
      } catch (e) {
        notify(describeError(e), 'error');
      } finally {
        setBusy(false);
      }
    },
    [api, reloadInfo, onOpened, notify],
  );

  // Keyboard first: the main action has the focus once no dialog (the reviewer's name) is open.
  const openButton = useRef<HTMLButtonElement | null>(null);
  useEffect(() => {
    if (!isModalOpen(document)) openButton.current?.focus();
  }, [info.reviewer]);

  const browser = info.mode === 'browser';
  const canOpen = !browser || info.browseAvailable;
  const sample = recent?.sampleAvailable ?? info.sampleAvailable;
  return (
    <main className="home" data-testid="home">
      <section className="home-open card">
        <h1>Open a study folder</h1>
        <p className="muted">
          deid-studio reads every DICOM file in the folder, finds burned-in text, and lets you review each box before writing de-identified copies. The
          folder itself is never changed.
        </p>
        <div className="home-actions">
          <button
            type="button"
            className="primary big"
            disabled={!canOpen || busy}
            onClick={() => (browser ? setPicking(true) : void openFrom({ via: 'dialog' }))}
            ref={openButton}
            data-testid="open-folder"
          >
            Open folder…
          </button>
          {sample && info.openFolder === null && (
            <button type="button" className="big" disabled={busy} onClick={() => void openFrom({ via: 'sample' })} data-testid="open-sample">
              Open the sample study
            </button>
          )}
        </div>
        {!canOpen && <p className="muted">This server was started without --root folders, so there is nothing to browse. Restart it with --root &lt;folder&gt;.</p>}
        {info.openFolder !== null && (
          <p>
            Open now: <strong>{info.openFolder.name}</strong> <span className="muted">{info.openFolder.displayPath}</span>
          </p>
        )}
      </section>

      <section className="home-recent card" aria-label="Recent folders">
        <h2>Recent folders</h2>
        {recent === null ? (
          <p className="muted">Loading…</p>
        ) : recent.folders.length === 0 ? (
          <p className="muted">No folder opened yet.</p>
        ) : (
          <ul className="recent-list">
            {recent.folders.map((f) => (
              <li key={f.id}>
                <button type="button" className="recent-entry" disabled={!f.available || busy} onClick={() => void openFrom({ via: 'recent', recentId: f.id })}>
                  <span className="recent-name">{f.name}</span>
                  <span className="recent-path">{f.displayPath}</span>
                  <span className="recent-when">{f.available ? formatWhen(f.lastOpenedAt) : 'not available'}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>

      <ProjectCard />

      {picking && (
        <FolderPicker
          title="Open a study folder"
          pick="folder"
          confirmLabel="Open this folder"
          onClose={() => setPicking(false)}
          onPick={(folderId) => {
            setPicking(false);
            void openFrom({ via: 'browse', folderId });
          }}
        />
      )}
    </main>
  );
}
