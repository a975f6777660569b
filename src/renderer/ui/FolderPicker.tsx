/**
 * Browser mode's folder (and CSV file) picker over the main process's browse API. It only ever
 * sees the `--root` folders the server was started with, and it hands back opaque ids, never
 * paths: the server resolves them.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReactElement } from 'react';
import type { ChannelResponse } from '../../shared/ipc/api';
import { useSession } from '../session/sessionContext';
import { callApi, describeError } from '../transport/callApi';
import { Modal } from './Modal';

type Listing = ChannelResponse<'browseList'>;
type Entry = Listing['entries'][number];

/** Props of {@link FolderPicker}. */
interface FolderPickerProps {
  title: string;
  /** `folder`: pick the folder being shown; `csv`: pick a CSV file inside it. */
  pick: 'folder' | 'csv';
  /** Label of the confirm button ("Open this folder", "Write here"). */
  confirmLabel: string;
  allowCreate?: boolean;
  /** Called with the pick; a promise of a sentence refuses it (shown here, the picker stays open). */
  onPick: (id: string, name: string) => void | Promise<string | null>;
  onClose: () => void;
}

/** The picker dialog; see the module comment. */
export function FolderPicker(props: FolderPickerProps): ReactElement {
  const { api } = useSession();
  const [roots, setRoots] = useState<Entry[] | null>(null);
  const [listing, setListing] = useState<Listing | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [newName, setNewName] = useState('');

  useEffect(() => {
    callApi(api, 'browseRoots', {}).then(
      (r) => setRoots(r.roots),
      (e: unknown) => setError(describeError(e)),
    );
  }, [api]);

  const open = useCallback(
    (folderId: string) => {
      setError(null);
      callApi(api, 'browseList', { folderId, files: props.pick === 'csv' ? 'csv' : 'none' }).then(setListing, (e: unknown) =>
        setError(describeError(e)),
      );
    },
    [api, props.pick],
  );

  const create = (): void => {
    if (listing === null || newName.trim() === '') return;
    callApi(api, 'browseCreateFolder', { parentId: listing.folderId, name: newName.trim() }).then(
      (entry) => {
        setNewName('');
        open(entry.id);
      },
      (e: unknown) => setError(describeError(e)),
    );
  };

  const choose = (id: string, name: string): void => {
    setError(null);
    const answer = props.onPick(id, name);
    if (answer instanceof Promise) void answer.then((refusal) => setError(refusal), (e: unknown) => setError(describeError(e)));
  };

  // Keyboard first: a folder just opened (or the roots just listed) puts the focus on its first
  // subfolder, since the entry that was pressed is gone from the list.
  const list = useRef<HTMLUListElement | null>(null);
  useEffect(() => {
    const first = list.current?.querySelector<HTMLButtonElement>('.picker-entry.picker-folder:not(:disabled)') ?? list.current?.querySelector<HTMLButtonElement>('.picker-entry');
    first?.focus();
  }, [listing, roots]);

  const entries: Entry[] = listing === null ? (roots ?? []) : listing.entries;
  const folderPick = props.pick === 'folder' && listing !== null;
  return (
    <Modal
      title={props.title}
      onClose={props.onClose}
      testId="folder-picker"
      footer={
        <>
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          {folderPick && (
            <button type="button" className="primary" onClick={() => choose(listing.folderId, listing.name)} data-testid="picker-confirm">
              {props.confirmLabel}
            </button>
          )}
        </>
      }
    >
      <div className="picker-path" data-testid="picker-path">
        {listing === null ? 'Folders this server may read' : listing.displayPath}
      </div>
      {error !== null && (
        <p className="error-text" role="alert" data-testid="picker-error">
          {error}
        </p>
      )}
      <ul className="picker-list" aria-label="Folders" ref={list}>
        {listing !== null && (
          <li>
            <button type="button" className="picker-entry picker-up" onClick={() => (listing.parentId === null ? setListing(null) : open(listing.parentId))}>
              ↑ Up
            </button>
          </li>
        )}
        {entries.map((e) => (
          <li key={e.id}>
            <button
              type="button"
              className={`picker-entry picker-${e.kind}`}
              onClick={() => (e.kind === 'folder' ? open(e.id) : choose(e.id, e.name))}
              disabled={e.kind === 'file' && props.pick !== 'csv'}
            >
              {e.name}
            </button>
          </li>
        ))}
        {roots !== null && entries.length === 0 && <li className="muted">Nothing here.</li>}
      </ul>
      {props.allowCreate === true && listing !== null && (
        <form
          className="picker-create"
          onSubmit={(e) => {
            e.preventDefault();
            create();
          }}
        >
          <input aria-label="New folder name" placeholder="New folder name" value={newName} onChange={(e) => setNewName(e.target.value)} />
          <button type="submit" disabled={newName.trim() === ''}>
            Create folder
          </button>
        </form>
      )}
    </Modal>
  );
}
