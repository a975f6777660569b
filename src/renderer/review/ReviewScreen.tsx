/**
 * The review screen: study tree, viewer with its boxes, and the side panel (box list,
 * propagation, header preview). It turns shortcuts and clicks into calls on the image's boxes.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactElement } from 'react';
import { useSession } from '../session/sessionContext';
import type { AppInfo } from '../session/sessionContext';
import { callApi, describeError } from '../transport/callApi';
import { StudyTree } from '../tree/StudyTree';
import { formatDicomDate, nextUnreviewed, reviewOrder, stepImage, stepInSeries } from '../tree/treeOrder';
import type { OrderedImage } from '../tree/treeOrder';
import { useStudyTree } from '../tree/useStudyTree';
import { ImageViewer } from '../viewer/ImageViewer';
import type { ImageViewerHandle } from '../viewer/ImageViewer';
import type { PixelSource } from '../viewer/decodedPixels';
import type { ViewerTool } from '../viewer/viewportGestures';
import { HelpOverlay } from './HelpOverlay';
import { ReviewSidePanel } from './ReviewSidePanel';
import { ReadOnlyPanel } from './ReadOnlyPanel';
import { boxesOnFrame, nextBoxId, pickTarget, proposedAfter } from './boxSelection';
import { framePixels, frameKey } from './framePixels';
import { asWrittenKey, parseViewerKey } from './asWrittenKey';
import type { ReviewCommand } from './reviewKeys';
import { useImageReview } from './useImageReview';
import { useFramePlanes } from './useFramePlanes';
import { useReviewKeyboard } from './useReviewKeyboard';
import { useListBoxText } from '../terms/useListBoxText';

type OpenFolder = NonNullable<AppInfo['openFolder']>;

/** Reviews the open folder; see the module comment. */
export function ReviewScreen(props: { folder: OpenFolder }): ReactElement {
  const { api, notify, epoch, info } = useSession();
  const onError = useCallback((m: string) => notify(m, 'error'), [notify]);
  const trees = useStudyTree(api, props.folder.folderId, onError, `${epoch}:${info.project.name}`);
  const order = useMemo(() => (trees.tree === null ? [] : reviewOrder(trees.tree)), [trees.tree]);
  const [imageId, setImageId] = useState<string | null>(null);
  const [frame, setFrame] = useState(0);
  const [selectedRectId, setSelectedRectId] = useState<number | null>(null);
  const [tool, setTool] = useState<ViewerTool>('box');
  const [showOverlay, setShowOverlay] = useState(true);
  const [showPlanes, setShowPlanes] = useState(true);
  const [asWritten, setAsWritten] = useState(false);
  const [written, setWritten] = useState<{ key: string; summary: string } | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const viewer = useRef<ImageViewerHandle | null>(null);
  const review = useImageReview(api, imageId, onError, epoch);

  // The image stays known when a filter drops it from the tree (e.g. just marked done).
  const lastSeen = useRef<OrderedImage | null>(null);
  const found = order.find((o) => o.imageId === imageId);
  if (found !== undefined) lastSeen.current = found;
  const current = found ?? (lastSeen.current?.imageId === imageId ? lastSeen.current : null);
  const frames = current?.frames ?? 1;

  const select = useCallback((id: string | null) => {
    setImageId(id);
    setFrame(0);
    setSelectedRectId(null);
  }, []);

  useEffect(() => {
    if (imageId === null && order.length > 0) select(order[0].imageId);
  }, [order, imageId, select]);

  const loadPixels = useCallback<PixelSource>(
    async (key) => {
      const { imageId: id, frame: f, asWritten: w } = parseViewerKey(key);
      if (w) {
        // The writer's own pixels for this frame, and the verdict's words for what it burns and keeps.
        const answer = await callApi(api, 'imagesAsWritten', { imageId: id, frame: f, format: 'gray16' });
        setWritten({ key, summary: answer.asWritten.summary });
        return framePixels(answer);
      }
      return framePixels(await callApi(api, 'imagesFrame', { imageId: id, frame: f, format: 'gray16' }));
    },
    [api],
  );

  const viewKey = imageId === null ? null : asWritten ? asWrittenKey(imageId, frame) : frameKey(imageId, frame);
  const prefetchKeys = useMemo(() => {
    const keys: string[] = [];
    if (asWritten) return keys;
    if (current !== null && frame + 1 < current.frames) keys.push(frameKey(current.imageId, frame + 1));
    const i = order.findIndex((o) => o.imageId === imageId);
    for (const next of order.slice(i + 1, i + 3)) keys.push(frameKey(next.imageId, 0));
    return keys;
  }, [order, imageId, current, frame, asWritten]);

  const planes = useFramePlanes(api, viewKey, onError);

  const visible = useMemo(() => boxesOnFrame(review.rects, frame, review.saves), [review.rects, frame, review.saves]);

  const decide = (status: 'approved' | 'rejected'): void => {
    const target = pickTarget(visible, selectedRectId);
    if (target === null) return;
    review.decide([target], status);
    trees.refreshSoon();
    setSelectedRectId(proposedAfter(visible, target) ?? target);
  };

  const decideOne = useCallback(
    (rectId: number, status: 'approved' | 'rejected') => {
      review.decide([rectId], status);
      trees.refreshSoon();
    },
    [review, trees],
  );
  const listBoxText = useListBoxText(api, notify, decideOne);

  const markDone = (): void => {
    if (current === null) return;
    const id = current.imageId;
    const done = !current.done;
    trees.patchDone(id, done);
    callApi(api, 'reviewMarkDone', { target: { imageIds: [id] }, done }).then(
      () => {
        trees.refreshSoon();
        const setDone = (value: boolean) => async (): Promise<void> => {
          trees.patchDone(id, value);
          await callApi(api, 'reviewMarkDone', { target: { imageIds: [id] }, done: value });
          trees.refreshSoon();
        };
        review.pushUndo(done ? 'mark done' : 'mark not done', id, setDone(!done), setDone(done));
      },
      (e: unknown) => {
        trees.patchDone(id, !done);
        onError(describeError(e));
      },
    );
    if (done) {
      const next = nextUnreviewed(order, id);
      if (next !== null && next.imageId !== id) select(next.imageId);
      else notify('Every image is marked done.');
    }
  };

  const run = (command: ReviewCommand): void => {
    switch (command) {
      case 'approve':
        return decide('approved');
      case 'reject':
        return decide('rejected');
      case 'approveAll': {
        const ids = review.rects.filter((r) => r.status === 'proposed').map((r) => r.rectId);
        if (ids.length > 0) {
          review.decide(ids, 'approved');
          trees.refreshSoon();
        }
        return;
      }
      case 'nextBox':
      case 'prevBox':
        setSelectedRectId(nextBoxId(visible, selectedRectId, command === 'nextBox' ? 1 : -1));
        return;
      case 'nextImage':
      case 'prevImage': {
        const next = stepImage(order, imageId, command === 'nextImage' ? 1 : -1);
        if (next !== null && next.imageId !== imageId) select(next.imageId);
        return;
      }
      case 'nextUnreviewed': {
        const next = nextUnreviewed(order, imageId);
        if (next === null) notify('Every image is marked done.');
        else if (next.imageId !== imageId) select(next.imageId);
        return;
      }
      case 'nextFrame':
      case 'prevFrame':
        setFrame((f) => Math.min(frames - 1, Math.max(0, f + (command === 'nextFrame' ? 1 : -1))));
        return;
      case 'markDone':
        return markDone();
      case 'undo':
        review.undo().then(
          (r) => {
            if (r === null) return notify('Nothing to undo.');
            if (r.imageId !== imageId) select(r.imageId);
            trees.refreshSoon();
            notify(`Undid: ${r.label}.`);
          },
          (e: unknown) => onError(describeError(e)),
        );
        return;
      case 'redo':
        review.redo().then(
          (r) => {
            if (r === null) return notify('Nothing to redo.');
            if (!r.redone) return notify(`Cannot redo: ${r.label} (make the change again).`);
            if (r.imageId !== imageId) select(r.imageId);
            trees.refreshSoon();
            notify(`Redid: ${r.label}.`);
          },
          (e: unknown) => onError(describeError(e)),
        );
        return;
      case 'invert':
        viewer.current?.toggleInvert();
        return;
      case 'deleteBox': {
        const box = visible.find((b) => b.id === selectedRectId);
        if (box === undefined) return;
        if (box.source === 'ocr') {
          notify('OCR boxes are not deleted: reject it instead (R) to keep its text, or approve it (A) to burn it.');
          return;
        }
        review.remove(box.id);
        setSelectedRectId(null);
        trees.refreshSoon();
        return;
      }
      case 'deselect':
        setSelectedRectId(null);
        return;
      case 'fit':
        viewer.current?.fitToWindow();
        return;
      case 'toggleBoxes':
        setShowOverlay((v) => !v);
        return;
      case 'togglePlanes':
        setShowPlanes((v) => !v);
        return;
      case 'toggleAsWritten':
        setAsWritten((v) => !v);
        return;
      case 'toggleWindowTool':
        setTool((t) => (t === 'box' ? 'window' : 'box'));
        return;
      case 'alwaysKeep':
      case 'alwaysBurn':
        return listBoxText(command === 'alwaysKeep' ? 'allow' : 'deny', review.rects.find((r) => r.rectId === selectedRectId));
      case 'help':
        setHelpOpen((v) => !v);
        return;
    }
  };
  useReviewKeyboard(run, helpOpen);

  const position = order.findIndex((o) => o.imageId === imageId);
  const readOnly = trees.tree?.readOnly;
  return (
    <div className="review" data-testid="review">
      <StudyTree api={api} tree={trees.tree} filter={trees.filter} onFilterChange={trees.setFilter} selectedImageId={imageId} onSelect={select} />
      <section className="stage" aria-label="Image">
        {readOnly !== undefined && (
          <div className="read-only-banner" role="status" data-testid="read-only-banner">
            {readOnly.message}
          </div>
        )}
        <div className="stage-bar">
          <div className="stage-title" data-testid="stage-title">
            {current === null ? (
              <span className="muted">No image selected</span>
            ) : (
              <>
                <strong>{current.patient.subjectId ?? 'no subject id'}</strong>
                <span className="muted"> · CT_date {formatDicomDate(current.ctDate)} · </span>
                {current.series.modality ?? '??'} {current.series.description ?? ''}
                <span className="muted">
                  {' '}
                  · image {position >= 0 ? position + 1 : '–'} of {order.length}
                </span>
                {current.done && <span className="chip chip-done"> done</span>}
              </>
            )}
          </div>
          <div className="stage-tools" role="toolbar" aria-label="Viewer tools">
            <button type="button" className={tool === 'box' ? 'toggle on' : 'toggle'} onClick={() => setTool('box')} title="Drag draws a box">
              Draw
            </button>
            <button type="button" className={tool === 'window' ? 'toggle on' : 'toggle'} onClick={() => setTool('window')} title="Drag sets window/level (W)">
              W/L
            </button>
            <button type="button" onClick={() => viewer.current?.fitToWindow()} title="Fit to window (F)">
              Fit
            </button>
            <button type="button" onClick={() => viewer.current?.resetWindow()} title="Back to the image's own window">
              Reset W/L
            </button>
            <button type="button" className={showOverlay ? 'toggle on' : 'toggle'} onClick={() => setShowOverlay(!showOverlay)} title="Show or hide the boxes (B)">
              Boxes
            </button>
            <button type="button" className={showPlanes ? 'toggle on' : 'toggle'} onClick={() => setShowPlanes(!showPlanes)} title="Show or hide the overlay planes, 60xx (O)" data-testid="toggle-planes">
              Overlays
            </button>
            <button type="button" className={asWritten ? 'toggle on' : 'toggle'} onClick={() => setAsWritten(!asWritten)} title="The frame exactly as de-identifying writes it (V)" data-testid="toggle-as-written">
              As written
            </button>
            <button type="button" onClick={() => setHelpOpen(true)} title="Keyboard shortcuts (?)" data-testid="help-button">
              ?
            </button>
          </div>
        </div>
        {asWritten && (
          <div className="as-written-bar" role="status" data-testid="as-written-badge">
            <strong className="as-written-badge">AS WRITTEN</strong>{' '}
            <span data-testid="as-written-summary">{written !== null && written.key === viewKey ? written.summary : 'loading the frame as the writer writes it…'}</span>
          </div>
        )}
        <ImageViewer
          ref={viewer}
          imageKey={viewKey}
          viewportKey={current === null ? null : `${current.seriesId}:${current.instance.columns}x${current.instance.rows}`}
          loadPixels={loadPixels}
          prefetchKeys={prefetchKeys}
          frame={frame}
          frameCount={frames}
          onFrameChange={setFrame}
          onSliceStep={(delta) => {
            const next = stepInSeries(order, imageId, delta);
            if (next !== null) select(next.imageId);
          }}
          boxes={visible}
          selectedBoxId={selectedRectId}
          showOverlay={showOverlay && !asWritten}
          planes={planes.overlays}
          planesKey={planes.key}
          showPlanes={showPlanes}
          tool={tool}
          facts={
            current === null
              ? []
              : [`${current.series.modality ?? ''} #${current.instance.instanceNumber ?? '?'}`, frames > 1 ? `frame ${frame + 1}/${frames}` : '', current.series.manufacturer ?? ''].filter((l) => l !== '')
          }
          onSelectBox={setSelectedRectId}
          onDrawBox={(rect) => {
            void review.create(rect, frames > 1 ? frame : null).then((made) => {
              if (made !== null) {
                setSelectedRectId(made.rectId);
                trees.refreshSoon();
              }
            });
          }}
          onChangeBox={(id, rect) => review.move(id, rect)}
        />
      </section>
      {readOnly !== undefined ? <ReadOnlyPanel image={current} message={readOnly.message} /> : <ReviewSidePanel
        image={current}
        frame={frame}
        rects={review.rects}
        saves={review.saves}
        loading={review.loading}
        selectedRectId={selectedRectId}
        onSelectRect={setSelectedRectId}
        onDecide={(ids, status) => {
          review.decide(ids, status);
          trees.refreshSoon();
        }}
        onDelete={(id) => {
          review.remove(id);
          trees.refreshSoon();
        }}
        onApproveAll={() => run('approveAll')}
        onMarkDone={() => run('markDone')}
        onPropagated={(rectIds, label) => {
          review.reload();
          trees.refreshSoon();
          if (current !== null && rectIds.length > 0) {
            // Undo deletes the copies (rule boxes can be deleted; the audit trail keeps them).
            review.pushUndo(label, current.imageId, async () => {
              for (const rectId of rectIds) await callApi(api, 'rectsDelete', { rectId });
              review.reload();
              trees.refreshSoon();
            });
          }
        }}
      />}
      {helpOpen && <HelpOverlay onClose={() => setHelpOpen(false)} verdictReason={current?.instance.verdict.reason} />}
    </div>
  );
}
