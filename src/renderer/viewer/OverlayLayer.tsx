/**
 * The overlay planes (60xx) of the shown frame, drawn over the image at their origin with the
 * library's current transform (the same mapping as the boxes), each group in its own colour. The
 * layer takes no pointer events: gestures go to the box layer above it.
 */
import { useMemo } from 'react';
import type { ReactElement } from 'react';
import { boxToCanvas } from './boxGeometry';
import type { AxisTransform } from './boxGeometry';
import { groupName, planeRgba } from './overlayPlanes';
import type { OverlayView } from './overlayPlanes';

/** A plane as a PNG data URL (a canvas the size of the plane). */
function planePicture(plane: OverlayView): string | null {
  if (plane.rows * plane.columns === 0) return null;
  const canvas = document.createElement('canvas');
  canvas.width = plane.columns;
  canvas.height = plane.rows;
  const ctx = canvas.getContext('2d');
  if (ctx === null) return null;
  ctx.putImageData(new ImageData(planeRgba(plane, atob), plane.columns, plane.rows), 0, 0);
  return canvas.toDataURL('image/png');
}

/** Props of {@link OverlayLayer}. */
interface OverlayLayerProps {
  planes: readonly OverlayView[];
  transform: AxisTransform;
  width: number;
  height: number;
}

/** Draws the overlay planes; see the module comment. */
export function OverlayLayer(props: OverlayLayerProps): ReactElement {
  const pictures = useMemo(() => props.planes.map((p) => ({ plane: p, href: planePicture(p) })), [props.planes]);
  return (
    <svg className="overlay-layer" width={props.width} height={props.height} data-testid="overlay-layer" aria-hidden="true">
      {pictures.map(({ plane, href }, i) => {
        if (href === null) return null;
        const r = boxToCanvas({ x: plane.originColumn - 1, y: plane.originRow - 1, w: plane.columns, h: plane.rows }, props.transform);
        return (
          <image
            key={`${plane.group}:${i}`}
            className="overlay-plane"
            data-group={groupName(plane.group)}
            href={href}
            x={r.x}
            y={r.y}
            width={r.w}
            height={r.h}
            preserveAspectRatio="none"
          />
        );
      })}
    </svg>
  );
}
