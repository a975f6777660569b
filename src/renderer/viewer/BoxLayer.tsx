/**
 * The SVG layer over the image canvas: every box mapped from image pixels to canvas pixels with
 * the library's current transform, so boxes stay on their pixels at any zoom or pan. Pointer
 * handling lives in the viewer; elements carry `data-box-id` / `data-handle` for it to find.
 */
import type { ReactElement } from 'react';
import { RESIZE_HANDLES, boxToCanvas, handlePoint } from './boxGeometry';
import type { AxisTransform, BoxRect } from './boxGeometry';
import { isEditable, statusLabel } from './viewerBox';
import type { ViewerBox } from './viewerBox';

/** Props of {@link BoxLayer}. */
interface BoxLayerProps {
  boxes: readonly ViewerBox[];
  transform: AxisTransform;
  width: number;
  height: number;
  selectedId: number | null;
  hoveredId: number | null;
  /** The box being drawn or the new geometry of the box being moved, in image pixels. */
  draft: { id: number | null; rect: BoxRect } | null;
  /** Hide boxes (the overlay toggle) while keeping the layer for drawing. */
  hidden: boolean;
}

const HANDLE_SIZE = 8;

function Tooltip(props: { box: ViewerBox; at: BoxRect; width: number; height: number }): ReactElement {
  const { box, at } = props;
  // Prefer below the box; flip above it near the bottom edge so it stays on screen.
  const below = at.y + at.h + 6;
  const top = below + 70 > props.height ? Math.max(0, at.y - 76) : below;
  const left = Math.min(Math.max(0, at.x), Math.max(0, props.width - 260));
  return (
    <foreignObject x={left} y={top} width={260} height={76} className="box-tooltip-host">
      <div className="box-tooltip" role="tooltip" data-testid="box-tooltip">
        <div className="box-tooltip-text">{box.text ? `“${box.text}”` : <em>no text ({box.source})</em>}</div>
        <div className="box-tooltip-reason">{box.reason ?? 'no reason recorded'}</div>
        <div className="box-tooltip-status">
          {statusLabel(box.status)}
          {box.confidence !== null ? ` · conf. ${Math.round(box.confidence)}` : ''}
          {box.save === 'pending' ? ' · pending' : box.save === 'unsaved' ? ' · not saved' : ''}
        </div>
      </div>
    </foreignObject>
  );
}

/** Draws the boxes, the selection handles, the box being drawn and the hover tooltip. */
export function BoxLayer(props: BoxLayerProps): ReactElement {
  const { transform, draft } = props;
  const hovered = props.hidden ? undefined : props.boxes.find((b) => b.id === props.hoveredId);
  return (
    <svg
      className="box-layer"
      width={props.width}
      height={props.height}
      data-testid="box-layer"
      // Image → canvas mapping, read by the end-to-end tests to draw at image coordinates.
      data-transform={`${transform.sx} ${transform.sy} ${transform.tx} ${transform.ty}`}
    >
      <rect className="box-layer-bg" x={0} y={0} width={props.width} height={props.height} />
      {!props.hidden &&
        props.boxes.map((box) => {
          const geometry = draft !== null && draft.id === box.id ? draft.rect : box;
          const r = boxToCanvas(geometry, transform);
          const selected = box.id === props.selectedId;
          return (
            <g key={box.id} className={`box box-${box.status} box-src-${box.source}${selected ? ' box-selected' : ''}${box.save ? ` box-save-${box.save}` : ''}`}>
              <rect
                className="box-shape"
                data-box-id={box.id}
                data-status={box.status}
                data-save={box.save ?? 'saved'}
                data-source={box.source}
                x={r.x}
                y={r.y}
                width={Math.max(1, r.w)}
                height={Math.max(1, r.h)}
              />
              {selected &&
                isEditable(box) &&
                RESIZE_HANDLES.map((h) => {
                  const p = handlePoint(r, h);
                  return (
                    <rect
                      key={h}
                      className={`box-handle box-handle-${h}`}
                      data-box-id={box.id}
                      data-handle={h}
                      x={p.x - HANDLE_SIZE / 2}
                      y={p.y - HANDLE_SIZE / 2}
                      width={HANDLE_SIZE}
                      height={HANDLE_SIZE}
                    />
                  );
                })}
            </g>
          );
        })}
      {draft !== null && draft.id === null && (
        <rect className="box-draft" data-testid="box-draft" {...toSvgRect(boxToCanvas(draft.rect, transform))} />
      )}
      {hovered !== undefined && (
        <Tooltip box={hovered} at={boxToCanvas(hovered, transform)} width={props.width} height={props.height} />
      )}
    </svg>
  );
}

function toSvgRect(r: BoxRect): { x: number; y: number; width: number; height: number } {
  return { x: r.x, y: r.y, width: Math.max(1, r.w), height: Math.max(1, r.h) };
}
