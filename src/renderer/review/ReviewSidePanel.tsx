/**
 * The right-hand panel of the review screen: what is known about the image (OCR state, why it may
 * be withheld), its boxes, propagation of the selected box, and the header preview.
 */
import { useState } from 'react';
import type { ReactElement } from 'react';
import type { OrderedImage } from '../tree/treeOrder';
import { BoxList } from './BoxList';
import type { SaveState } from './decisionSaves';
import { HeaderPreview } from './HeaderPreview';
import { PropagatePanel } from './PropagatePanel';
import type { Decision, RectView } from './useImageReview';

/** Props of {@link ReviewSidePanel}. */
interface ReviewSidePanelProps {
  image: OrderedImage | null;
  frame: number;
  rects: readonly RectView[];
  /** Boxes whose latest decision the server has not confirmed. */
  saves: ReadonlyMap<number, SaveState>;
  loading: boolean;
  selectedRectId: number | null;
  onSelectRect: (id: number) => void;
  onDecide: (ids: readonly number[], status: Decision) => void;
  onDelete: (id: number) => void;
  onApproveAll: () => void;
  onMarkDone: () => void;
  onPropagated: (rectIds: readonly number[], label: string) => void;
}

/** The side panel; see the module comment. */
export function ReviewSidePanel(props: ReviewSidePanelProps): ReactElement {
  const [tab, setTab] = useState<'boxes' | 'header'>('boxes');
  const { image } = props;
  if (image === null) return <aside className="side" aria-label="Image details" />;
  const proposed = props.rects.filter((r) => r.status === 'proposed').length;
  const inst = image.instance;
  return (
    <aside className="side" aria-label="Image details" data-testid="side-panel">
      <div className="side-actions">
        <button type="button" className={image.done ? 'toggle on' : 'primary'} onClick={props.onMarkDone} data-testid="mark-done" title="D">
          {image.done ? 'Marked done ✓' : 'Mark image done'}
        </button>
        <button type="button" disabled={proposed === 0} onClick={props.onApproveAll} data-testid="approve-all" title="Shift+A">
          Approve all {proposed > 0 ? `(${proposed})` : ''}
        </button>
      </div>
      <div className="side-facts">
        {inst.ocr !== 'done' && <p className={inst.ocr === 'pending' ? 'muted' : 'warn'}>OCR: {inst.ocr === 'pending' ? 'not read yet' : inst.ocr}</p>}
        {inst.uncleaned.length > 0 && <p className="muted">May hold burned-in text: {inst.uncleaned.join('; ')}</p>}
        {inst.withheldReason !== null && (
          <p className="warn" data-testid="withheld-reason">
            Would be withheld: {inst.withheldReason}
          </p>
        )}
      </div>
      <div className="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'boxes'} className={tab === 'boxes' ? 'tab active' : 'tab'} onClick={() => setTab('boxes')}>
          Boxes ({props.rects.length})
        </button>
        <button type="button" role="tab" aria-selected={tab === 'header'} className={tab === 'header' ? 'tab active' : 'tab'} onClick={() => setTab('header')} data-testid="tab-header">
          Header changes
        </button>
      </div>
      <div className="side-scroll">
        {tab === 'boxes' ? (
          <>
            <BoxList
              rects={props.rects}
              saves={props.saves}
              frame={props.frame}
              selectedId={props.selectedRectId}
              loading={props.loading}
              onSelect={props.onSelectRect}
              onDecide={props.onDecide}
              onDelete={props.onDelete}
            />
            <h3 className="side-heading">Apply the selected box to…</h3>
            <PropagatePanel rectId={props.selectedRectId} frames={image.frames} onPropagated={props.onPropagated} />
          </>
        ) : (
          <HeaderPreview imageId={image.imageId} />
        )}
      </div>
    </aside>
  );
}
