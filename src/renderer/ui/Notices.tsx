/** Short messages at the bottom of the window: information fades, errors stay until dismissed. */
import { useEffect } from 'react';
import type { ReactElement } from 'react';
import type { Notice } from '../session/sessionContext';

const INFO_MS = 4000;

function NoticeItem(props: { notice: Notice; onDismiss: (id: number) => void }): ReactElement {
  const { notice, onDismiss } = props;
  useEffect(() => {
    if (notice.tone !== 'info') return;
    const t = setTimeout(() => onDismiss(notice.id), INFO_MS);
    return () => clearTimeout(t);
  }, [notice, onDismiss]);
  return (
    <div className={`notice notice-${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'} data-testid="notice">
      <span>{notice.text}</span>
      <button type="button" className="quiet" aria-label="Dismiss" onClick={() => onDismiss(notice.id)}>
        ×
      </button>
    </div>
  );
}

/** The notice stack. */
export function Notices(props: { notices: readonly Notice[]; onDismiss: (id: number) => void }): ReactElement {
  return (
    <div className="notices" aria-live="polite">
      {props.notices.map((n) => (
        <NoticeItem key={n.id} notice={n} onDismiss={props.onDismiss} />
      ))}
    </div>
  );
}
