/** Sets the reviewer name recorded with every box decision from now on. */
import { useState } from 'react';
import type { ReactElement } from 'react';
import { callApi, describeError } from '../transport/callApi';
import { Modal } from '../ui/Modal';
import { useSession } from '../session/sessionContext';

/** The reviewer dialog. */
export function ReviewerDialog(props: { onClose: () => void }): ReactElement {
  const { api, info, reloadInfo, notify } = useSession();
  const [name, setName] = useState(info.reviewer);
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
    <Modal title="Reviewer" onClose={props.onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim() !== '') void save();
        }}
      >
        <label className="field">
          Name recorded with each decision
          <input value={name} maxLength={64} onChange={(e) => setName(e.target.value)} autoFocus data-testid="reviewer-name" />
        </label>
        <div className="form-actions">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={name.trim() === ''}>
            Save
          </button>
        </div>
      </form>
    </Modal>
  );
}
