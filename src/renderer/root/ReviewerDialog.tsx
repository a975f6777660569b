/**
 * Sets the reviewer name recorded with every box decision from now on. On first use (no name yet)
 * it opens by itself and cannot be cancelled: the audit never records an OS user as the reviewer.
 */
import { useState } from 'react';
import type { ReactElement } from 'react';
import { callApi, describeError } from '../transport/callApi';
import { Modal } from '../ui/Modal';
import { useSession } from '../session/sessionContext';

/** The reviewer dialog. */
export function ReviewerDialog(props: { onClose: () => void; firstUse?: boolean }): ReactElement {
  const { api, info, reloadInfo, notify } = useSession();
  const [name, setName] = useState(info.reviewer ?? '');
  const firstUse = props.firstUse === true;
  const save = async (): Promise<void> => {
    try {
      await callApi(api, 'appSetReviewer', { name: name.trim() });
      await reloadInfo();
      props.onClose();
    } catch (e) {
      notify(describeError(e), 'error');
    }
  };
  return (
    <Modal title={firstUse ? 'Who is reviewing?' : 'Reviewer'} onClose={firstUse ? () => undefined : props.onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim() !== '') void save();
        }}
      >
        {firstUse && <p data-testid="reviewer-first-use">Your name is recorded with every decision you make (approve, reject, draw, mark done).</p>}
        <label className="field">
          Name recorded with each decision
          <input value={name} maxLength={64} onChange={(e) => setName(e.target.value)} autoFocus data-testid="reviewer-name" />
        </label>
        <div className="form-actions">
          {!firstUse && (
            <button type="button" onClick={props.onClose}>
              Cancel
            </button>
          )}
          <button type="submit" className="primary" disabled={name.trim() === ''}>
            Save
          </button>
        </div>
      </form>
    </Modal>
  );
}
