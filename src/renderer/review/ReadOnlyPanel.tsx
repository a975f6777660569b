/**
 * The side panel of a de-identified tree opened read-only: no boxes to decide, no header to
 * preview (it would assign a subject id), only what the verify pass found on the image.
 */
import type { ReactElement } from 'react';
import type { OrderedImage } from '../tree/treeOrder';

/** Props of {@link ReadOnlyPanel}. */
interface ReadOnlyPanelProps {
  image: OrderedImage | null;
  /** The tree's own words: "read-only: output of run …". */
  message: string;
}

/** The verify status in words. */
function verifyWords(status: string): string {
  switch (status) {
    case 'clean':
      return 'confirmed clean';
    case 'found':
      return 'text found';
    case 'failed':
      return 'could not be read';
    case 'pending':
      return 'being checked';
    case 'not-written':
      return 'not written by deid-studio';
    case 'changed':
      return 'changed since it was written';
    default:
      return 'not checked';
  }
}

/** The read-only side panel; see the module comment. */
export function ReadOnlyPanel(props: ReadOnlyPanelProps): ReactElement {
  const verify = props.image?.instance.verify;
  return (
    <aside className="side" aria-label="Image details" data-testid="side-panel">
      <div className="side-facts">
        <p className="read-only-note">{props.message}</p>
        {props.image !== null && (
          <p data-testid="image-verify" data-status={verify?.status ?? 'not-run'}>
            Verify: <strong>{verifyWords(verify?.status ?? 'not-run')}</strong>
            {verify !== undefined ? <span className="muted"> · {verify.reason}</span> : null}
          </p>
        )}
      </div>
    </aside>
  );
}
