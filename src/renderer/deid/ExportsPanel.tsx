/**
 * Writes the exports: the subject mapping CSV, the metadata CSV, the OCR text CSV and the audit
 * report of every box decision. Where they go is decided main-side (native dialog in Electron;
 * beside the database, or a browsed folder, in browser mode); the panel shows where they went.
 */
import { useState } from 'react';
import type { ReactElement } from 'react';
import type { ChannelRequest } from '../../shared/ipc/api';
import { useSession } from '../session/sessionContext';
import { OutputFolderPicker } from './OutputFolderPicker';
import { callApi, describeError } from '../transport/callApi';

type ExportKind = ChannelRequest<'exportsWrite'>['kind'];
type Destination = ChannelRequest<'exportsWrite'>['destination'];

const KINDS: readonly { kind: ExportKind; label: string; hint: string }[] = [
  { kind: 'mapping', label: 'Mapping CSV', hint: 'subj, MRN, CT_date of the project: keep it inside the hospital' },
  { kind: 'metadata', label: 'Metadata CSV', hint: 'indexed headers of the open folder' },
  { kind: 'ocrText', label: 'OCR text CSV', hint: 'every box: file, frame, box, text, status, reason' },
  { kind: 'audit', label: 'Audit report', hint: 'every box decision: who, when, what, image' },
];

/** Export buttons for the open folder (`folderId`), with the result of each. */
export function ExportsPanel(props: { folderId: string | null }): ReactElement {
  const { api, info, notify } = useSession();
  const browser = info.mode === 'browser';
  const [written, setWritten] = useState<Partial<Record<ExportKind, string>>>({});
  const [target, setTarget] = useState<{ id: string; name: string } | null>(null);
  const [picking, setPicking] = useState(false);
  const [busy, setBusy] = useState<ExportKind | null>(null);

  const destination: Destination = !browser ? { via: 'dialog' } : target !== null ? { via: 'browse', folderId: target.id } : { via: 'default' };

  const write = async (kind: ExportKind): Promise<void> => {
    setBusy(kind);
    try {
      const r = await callApi(api, 'exportsWrite', { kind, destination, ...(props.folderId !== null ? { folderId: props.folderId } : {}) });
      if ('cancelled' in r) return;
      setWritten((w) => ({ ...w, [kind]: `${r.rows} rows → ${r.displayPath}` }));
    } catch (e) {
      notify(describeError(e), 'error');
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="exports" data-testid="exports">
      {browser && (
        <p className="muted">
          Written to {target === null ? 'the folder beside the project database' : <strong>{target.name}</strong>}.{' '}
          {info.browseAvailable && (
            <button type="button" className="link" onClick={() => setPicking(true)}>
              Choose another folder…
            </button>
          )}
        </p>
      )}
      <ul className="export-list">
        {KINDS.map((k) => (
          <li key={k.kind}>
            <button type="button" disabled={busy !== null} onClick={() => void write(k.kind)} data-testid={`export-${k.kind}`}>
              {k.label}
            </button>
            <span className="muted"> {k.hint}</span>
            {written[k.kind] !== undefined && (
              <div className="export-result" data-testid={`export-result-${k.kind}`}>
                {written[k.kind]}
              </div>
            )}
          </li>
        ))}
      </ul>
      {picking && (
        <OutputFolderPicker title="Where to write the exports" onClose={() => setPicking(false)} onChosen={setTarget} />
      )}
    </div>
  );
}
