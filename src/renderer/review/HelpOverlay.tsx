/** The `?` overlay: every keyboard shortcut and mouse gesture of the review screen. */
import type { ReactElement } from 'react';
import { Modal } from '../ui/Modal';
import { statusLabel } from '../viewer/viewerBox';
import { MOUSE_HELP, SHORTCUTS } from './reviewKeys';

/** Shows the shortcut table until closed (Esc, ? or the close button). */
export function HelpOverlay(props: { onClose: () => void; verdictReason?: string }): ReactElement {
  return (
    <Modal title="Keyboard and mouse" onClose={props.onClose} wide testId="help-overlay">
      <div className="help-grid">
        <table className="help-table">
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.command}>
                <td className="help-keys">
                  {s.keys.map((k) => (
                    <kbd key={k}>{k}</kbd>
                  ))}
                </td>
                <td>{s.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table className="help-table">
          <tbody>
            {MOUSE_HELP.map((m) => (
              <tr key={m.gesture}>
                <td className="help-keys">{m.gesture}</td>
                <td>{m.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted" data-testid="help-outcome">
        {/* The same labels the boxes carry, so the help cannot say something the list does not. */}
        When you de-identify: {(['proposed', 'approved', 'rejected', 'unflagged'] as const).map((s) => statusLabel(s)).join(' · ')}. Proposals
        nobody reviewed are burned; text the OCR read but nothing flagged is kept unless you approve it. Every decision is recorded with your
        name and the time.
      </p>
      {props.verdictReason !== undefined && (
        <p className="muted" data-testid="help-verdict">
          {/* The verdict's own words for this image: what the run burns, and that the rest is kept. */}
          This image, if de-identified now: {props.verdictReason}. V shows it as written.
        </p>
      )}
    </Modal>
  );
}
