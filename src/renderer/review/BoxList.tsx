/** The side list of the image's boxes: text, reason, status, with approve/reject/delete per row. */
import type { ReactElement } from 'react';
import { isDecidable, isEditable, statusLabel } from '../viewer/viewerBox';
import { saveLabel } from './decisionSaves';
import type { SaveState } from './decisionSaves';
import type { Decision, RectView } from './useImageReview';

/** Props of {@link BoxList}. */
interface BoxListProps {
  rects: readonly RectView[];
  /** Boxes whose latest decision the server has not confirmed. */
  saves: ReadonlyMap<number, SaveState>;
  /** The frame shown; boxes of other frames are listed dimmed. */
  frame: number;
  selectedId: number | null;
  loading: boolean;
  onSelect: (id: number) => void;
  onDecide: (ids: readonly number[], status: Decision) => void;
  onDelete: (id: number) => void;
}

function where(r: RectView): string {
  const plane = r.plane === 'overlay' ? `overlay ${(r.overlayGroup ?? 0).toString(16)} · ` : '';
  return `${plane}${r.frame === null ? 'all frames' : `frame ${r.frame + 1}`}`;
}

/** Lists every box of the image in reading order. */
export function BoxList(props: BoxListProps): ReactElement {
  const { rects } = props;
  if (rects.length === 0) {
    return <p className="muted box-list-empty">{props.loading ? 'Loading boxes…' : 'No boxes on this image. Drag on the image to draw one.'}</p>;
  }
  return (
    <ol className="box-list" data-testid="box-list">
      {rects.map((r) => {
        const here = r.frame === null || r.frame === props.frame;
        const save = props.saves.get(r.rectId) ?? null;
        return (
          <li
            key={r.rectId}
            className={`box-item box-item-${r.status}${r.rectId === props.selectedId ? ' selected' : ''}${here ? '' : ' elsewhere'}`}
            data-rect-id={r.rectId}
            data-status={r.status}
            data-source={r.source}
            data-save={save ?? 'saved'}
            data-testid="box-item"
          >
            <button type="button" className="box-item-main" onClick={() => props.onSelect(r.rectId)}>
              <span className={`status-dot status-${r.status}`} aria-hidden="true" />
              <span className="box-item-text">{r.text !== null && r.text !== '' ? r.text : <em className="muted">{r.source} box</em>}</span>
              <span className="box-item-reason muted">{r.reason ?? '—'}</span>
              <span className="box-item-meta muted">
                {statusLabel(r.status)} · {r.source} · {where(r)}
              </span>
              {save !== null && (
                <span className={`box-item-save box-item-save-${save}`} data-testid="box-save" role={save === 'unsaved' ? 'alert' : undefined}>
                  {saveLabel(save)}
                </span>
              )}
            </button>
            <span className="box-item-actions">
              {isDecidable(r) && (
                <>
                  <button type="button" className="small" disabled={r.status === 'approved'} onClick={() => props.onDecide([r.rectId], 'approved')} title="Approve (A)">
                    Approve
                  </button>
                  <button type="button" className="small" disabled={r.status === 'rejected'} onClick={() => props.onDecide([r.rectId], 'rejected')} title="Reject (R)">
                    Reject
                  </button>
                </>
              )}
              {isEditable(r) && (
                <button type="button" className="small danger" onClick={() => props.onDelete(r.rectId)} title="Delete (Delete)">
                  Delete
                </button>
              )}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
