/**
 * Copies the selected box to other frames or images as rule boxes. They arrive proposed, so they
 * are burned unless rejected, and the reviewer sees them like any OCR proposal.
 */
import { useState } from 'react';
import type { ReactElement } from 'react';
import { useSession } from '../session/sessionContext';
import { callApi, describeError } from '../transport/callApi';
import { propagatedMessage } from './propagatedMessage';

type Scope = 'allFrames' | 'series' | 'sameDevice';

const SCOPES: readonly { scope: Scope; label: string; hint: string }[] = [
  { scope: 'allFrames', label: 'Every frame of this image', hint: 'for a cine whose annotation sits in the same place' },
  { scope: 'series', label: 'Every image of this series', hint: 'same place on each image' },
  { scope: 'sameDevice', label: 'Every image of the same device and size', hint: 'Manufacturer, model, rows and columns match' },
];

/** Props of {@link PropagatePanel}. */
interface PropagatePanelProps {
  rectId: number | null;
  frames: number;
  /** Called with the boxes created, so counts and boxes are refetched and the copy can be undone. */
  onPropagated: (rectIds: readonly number[], label: string) => void;
}

/** The propagation buttons for the selected box. */
export function PropagatePanel(props: PropagatePanelProps): ReactElement {
  const { api, notify } = useSession();
  const [busy, setBusy] = useState(false);
  const run = async (scope: Scope): Promise<void> => {
    if (props.rectId === null) return;
    setBusy(true);
    try {
      const r = await callApi(api, 'rectsPropagate', { rectId: props.rectId, scope });
      notify(propagatedMessage(r));
      props.onPropagated(r.rectIds, `copy box to ${r.images} image${r.images === 1 ? '' : 's'}`);
    } catch (e) {
      notify(describeError(e), 'error');
    } finally {
      setBusy(false);
    }
  };
  if (props.rectId === null) return <p className="muted">Select a box to copy it to other frames or images.</p>;
  return (
    <div className="propagate" data-testid="propagate">
      {SCOPES.filter((s) => s.scope !== 'allFrames' || props.frames > 1).map((s) => (
        <button key={s.scope} type="button" disabled={busy} onClick={() => void run(s.scope)} title={s.hint} data-testid={`propagate-${s.scope}`}>
          {s.label}
        </button>
      ))}
      <p className="muted">Copies arrive as proposed rule boxes: they are burned unless you reject them.</p>
    </div>
  );
}
