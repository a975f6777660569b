/**
 * What de-identification will do to the selected image's header, computed main-side by the real
 * rewriter in a dry run: the subject id, `subj_CT_date`, and every attribute before → after.
 */
import { useEffect, useState } from 'react';
import type { ReactElement } from 'react';
import type { ChannelResponse } from '../../shared/ipc/api';
import { useSession } from '../session/sessionContext';
import { callApi, describeError } from '../transport/callApi';
import { formatDicomDate } from '../tree/treeOrder';

type Preview = ChannelResponse<'imagesHeaderPreview'>;
type Change = Preview['changes'][number];

function isTechnical(c: Change): boolean {
  return c.vr === 'UI' || c.tagPath.startsWith('(0002,');
}

function ChangeTable(props: { changes: readonly Change[] }): ReactElement {
  return (
    <table className="changes">
      <thead>
        <tr>
          <th>Attribute</th>
          <th>Before</th>
          <th>After</th>
        </tr>
      </thead>
      <tbody>
        {props.changes.map((c) => (
          <tr key={c.tagPath} className={`change-${c.change}`}>
            <td className="keyword" title={`${c.tagPath} ${c.vr}`}>
              {c.keyword}
              <div className="muted tag">{c.tagPath}</div>
            </td>
            <td className="before">{c.before ?? <em className="muted">absent</em>}</td>
            <td className="after">{c.change === 'removed' ? <em className="muted">removed</em> : c.after === '' ? <em className="muted">empty</em> : c.after}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Loads and lists the header changes of `imageId`. */
export function HeaderPreview(props: { imageId: string }): ReactElement {
  const { api } = useSession();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setPreview(null);
    setError(null);
    callApi(api, 'imagesHeaderPreview', { imageId: props.imageId }).then(
      (p) => live && setPreview(p),
      (e: unknown) => live && setError(describeError(e)),
    );
    return () => {
      live = false;
    };
  }, [api, props.imageId]);

  if (error !== null) return <p className="error-text">{error}</p>;
  if (preview === null) return <p className="muted">Computing the header changes…</p>;
  // UIDs and file meta change on every file; what the reviewer checks is the rest.
  const technical = preview.changes.filter(isTechnical);
  const main = preview.changes.filter((c) => !isTechnical(c));
  return (
    <div className="header-preview" data-testid="header-preview">
      <dl className="facts">
        <dt>Subject id</dt>
        <dd data-testid="preview-subject">{preview.subjectId}</dd>
        <dt>CT_date</dt>
        <dd>{formatDicomDate(preview.ctDate)}</dd>
        <dt>New PatientName</dt>
        <dd data-testid="preview-patient-name">
          <code>{preview.patientName}</code>
        </dd>
        <dt>Outcome</dt>
        <dd className={`outcome outcome-${preview.outcome.status}`}>
          {preview.outcome.status}
          {preview.outcome.reason !== null ? `: ${preview.outcome.reason}` : ''}
        </dd>
      </dl>
      <ChangeTable changes={main} />
      {technical.length > 0 && (
        <details className="technical-changes">
          <summary>UIDs and file meta information ({technical.length})</summary>
          <ChangeTable changes={technical} />
        </details>
      )}
      <p className="muted">{preview.unchangedCount} attributes stay as they are.</p>
    </div>
  );
}
